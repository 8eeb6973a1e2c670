"""Per-run certificates for the certificate-validation judges (cryptography.x509, EC P-256).

Every run gets a new Fernhill root CA (new key, new serial), new leaf keys and, in the fix
step, a new domain name, so nothing a learner pins or copies survives to the next check.
"""

import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DAY = datetime.timedelta(days=1)
ORG = "Fernhill Garden Centres Ltd"


def now():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


class Issued:
    """A certificate with its private key."""

    def __init__(self, cert, key):
        self.cert = cert
        self.key = key

    @property
    def pem(self):
        return self.cert.public_bytes(serialization.Encoding.PEM)

    @property
    def key_pem(self):
        return self.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())


def _name(common_name, org=ORG):
    attrs = [x509.NameAttribute(NameOID.ORGANIZATION_NAME, org)] if org else []
    return x509.Name(attrs + [x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _builder(subject, issuer_name, key, not_before, not_after):
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer_name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(not_before).not_valid_after(not_after)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))


def authority(common_name, issuer=None, path_length=None, subject=None, days=(400, 3650)):
    """A CA certificate: self-signed (a root) unless `issuer` is given."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = subject or _name(common_name)
    start = now()
    builder = _builder(subject, issuer.cert.subject if issuer else subject, key,
                       start - days[0] * DAY, start + days[1] * DAY)
    builder = (builder.add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                            key_encipherment=False, data_encipherment=False,
                                            key_agreement=False, key_cert_sign=True, crl_sign=True,
                                            encipher_only=False, decipher_only=False), critical=True))
    signer = issuer.key if issuer else key
    if issuer:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False)
    return Issued(builder.sign(signer, hashes.SHA256()), key)


def server(common_name, dns_names, issuer=None, valid=(-30, 90), self_signed_ca=False):
    """A TLS server certificate. issuer=None makes it self-signed (as `openssl req -x509` does).

    valid: (first day, last day) relative to today.
    """
    key = ec.generate_private_key(ec.SECP256R1())
    subject = _name(common_name, org=None if issuer is None else ORG)
    start = now()
    builder = _builder(subject, issuer.cert.subject if issuer else subject, key,
                       start + valid[0] * DAY, start + valid[1] * DAY)
    builder = builder.add_extension(x509.BasicConstraints(ca=self_signed_ca, path_length=None), critical=True)
    builder = builder.add_extension(
        x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                      data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                      encipher_only=False, decipher_only=False), critical=True)
    builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    if dns_names:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in dns_names]),
                                        critical=False)
    signer = issuer.key if issuer else key
    if issuer:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False)
    return Issued(builder.sign(signer, hashes.SHA256()), key)


def chain_pem(*issued):
    return b"".join(i.pem for i in issued)
