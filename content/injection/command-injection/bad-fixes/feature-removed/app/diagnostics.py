"""Network diagnostics: the router pings a host for you and shows the answer."""


def ping(host, count=4):
    """Ping is switched off until the security review is done."""
    return "Diagnostics are disabled on this router.\n"
