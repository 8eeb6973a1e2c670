#!/bin/sh
# Harbourview office status page (a CGI script, 2009). The server passes the request in
# CGI variables: REQUEST_METHOD, PATH_INFO, QUERY_STRING.
echo "Content-Type: text/plain; charset=utf-8"
echo
echo "Harbourview office status"
echo "request: $REQUEST_METHOD ${PATH_INFO:-/}"
echo "query: ${QUERY_STRING:-none}"
echo
for f in status/*.txt; do
    printf '%-10s %s\n' "$(basename "$f" .txt)" "$(head -n 1 "$f")"
done
