// Package testca owns the test certificate authority of one hackathon: a
// root CA, clearly marked TEST, that issues participant client and server
// certificates looking like UZI server certificates (PKIoverheid) — the
// participant's test URA sits in the subject serialNumber and in a
// subjectAltName otherName "2.16.528.1.1007.99.2110-1-{nr}-S-{URA}-00.000-00000000"
// — and the mutual-TLS configuration that requires and verifies client
// certificates of that CA only (TLS 1.3 minimum).
//
// Every CA is scoped to one hackathon: its pool holds only its own root,
// so a certificate of another hackathon's CA fails the handshake. Nothing
// issued here is valid outside the test bed. Private keys are ECDSA P-256
// (PKIoverheid uses RSA; for a test bed the curve keeps issuing fast).
package testca

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// Marker is put in every subject this package writes so that nobody can
// mistake a certificate for a production one.
const Marker = "TEST"

// Validity of issued certificates and of the root.
const (
	RootValidity = 2 * 365 * 24 * time.Hour
	LeafValidity = 365 * 24 * time.Hour
)

// OIDUZIOtherName is the otherName type-id under which UZI certificates
// carry the "2.16.528.1.1007.99.2110-…" identifier string.
var OIDUZIOtherName = asn1.ObjectIdentifier{2, 5, 5, 5}

var oidSAN = asn1.ObjectIdentifier{2, 5, 29, 17}

// uziPrefix starts the UZI identifier string (OID of the UZI register,
// "2110" = server certificate policy family in the test look-alike).
const uziPrefix = "2.16.528.1.1007.99.2110-1-"

// CA is the test root of one hackathon.
type CA struct {
	Hackathon string // the hackathon's slug or id, written into every subject
	Cert      *x509.Certificate
	CertPEM   []byte
	key       crypto.Signer
	pool      *x509.CertPool
}

// Participant names the organisation a certificate is issued to.
type Participant struct {
	ID   string // participant id within the hackathon (UZI "abonneenummer" stand-in)
	Name string // organisation name
	URA  string // test URA, 8 digits
}

// Issued is a certificate with its private key.
type Issued struct {
	Cert    *x509.Certificate
	CertPEM []byte // leaf then root
	KeyPEM  []byte // PKCS#8, marked TEST in its PEM headers
	Key     crypto.Signer
	TLS     tls.Certificate
}

var (
	uraRE  = regexp.MustCompile(`^[0-9]{8}$`)
	slugRE = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)
)

// New makes a root CA for a hackathon.
func New(hackathon string, now time.Time) (*CA, error) {
	if !slugRE.MatchString(hackathon) {
		return nil, fmt.Errorf("testca: hackathon %q: letters, digits, . _ - only", hackathon)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject: pkix.Name{
			Country:            []string{"NL"},
			Organization:       []string{"ketentest " + Marker},
			OrganizationalUnit: []string{Marker + " - niet voor productie / not for production", "hackathon " + hackathon},
			CommonName:         Marker + " ketentest root CA hackathon " + hackathon,
		},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(RootValidity),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return newCA(hackathon, cert, key), nil
}

func newCA(hackathon string, cert *x509.Certificate, key crypto.Signer) *CA {
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &CA{Hackathon: hackathon, Cert: cert, CertPEM: pemCert(cert.Raw), key: key, pool: pool}
}

// KeyPEM returns the CA's private key (PKCS#8 PEM) for storage. It is a
// secret: never log it.
func (ca *CA) KeyPEM() ([]byte, error) { return pemKey(ca.key) }

// Load restores a CA from Cert PEM and KeyPEM.
func Load(hackathon string, certPEM, keyPEM []byte) (*CA, error) {
	cb, _ := pem.Decode(certPEM)
	if cb == nil || cb.Type != "CERTIFICATE" {
		return nil, errors.New("testca: no CERTIFICATE PEM block")
	}
	cert, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		return nil, err
	}
	kb, _ := pem.Decode(keyPEM)
	if kb == nil || kb.Type != "PRIVATE KEY" {
		return nil, errors.New("testca: no PRIVATE KEY PEM block")
	}
	k, err := x509.ParsePKCS8PrivateKey(kb.Bytes)
	if err != nil {
		return nil, err
	}
	signer, ok := k.(crypto.Signer)
	if !ok {
		return nil, errors.New("testca: key is not a signer")
	}
	if HackathonOf(cert) != hackathon {
		return nil, fmt.Errorf("testca: CA is of hackathon %q, not %q", HackathonOf(cert), hackathon)
	}
	return newCA(hackathon, cert, signer), nil
}

// Pool returns a pool with only this CA's root.
func (ca *CA) Pool() *x509.CertPool { return ca.pool }

// IssueServer issues a server certificate (serverAuth and clientAuth, as
// UZI server certificates are used both ways) for hosts (DNS names or IP
// addresses).
func (ca *CA) IssueServer(p Participant, hosts []string, now time.Time) (*Issued, error) {
	if len(hosts) == 0 {
		return nil, errors.New("testca: a server certificate needs at least one host")
	}
	return ca.issue(p, hosts, []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}, now)
}

// IssueClient issues a client certificate.
func (ca *CA) IssueClient(p Participant, now time.Time) (*Issued, error) {
	return ca.issue(p, nil, []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, now)
}

func (ca *CA) issue(p Participant, hosts []string, eku []x509.ExtKeyUsage, now time.Time) (*Issued, error) {
	if !uraRE.MatchString(p.URA) {
		return nil, fmt.Errorf("testca: URA %q: 8 digits expected", p.URA)
	}
	if !slugRE.MatchString(p.ID) {
		return nil, fmt.Errorf("testca: participant id %q: letters, digits, . _ - only", p.ID)
	}
	if strings.TrimSpace(p.Name) == "" || len(p.Name) > 200 {
		return nil, errors.New("testca: participant name missing or too long")
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	cn := Marker + " " + p.Name
	if len(hosts) > 0 {
		cn = hosts[0]
	}
	san, err := sanExtension(hosts, UZIString(p.ID, p.URA))
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject: pkix.Name{
			Country:            []string{"NL"},
			Organization:       []string{Marker + " " + p.Name},
			OrganizationalUnit: []string{Marker + " - niet voor productie / not for production", "hackathon " + ca.Hackathon},
			CommonName:         cn,
			SerialNumber:       p.URA,
		},
		NotBefore:       now.Add(-time.Hour),
		NotAfter:        now.Add(LeafValidity),
		KeyUsage:        x509.KeyUsageDigitalSignature | x509.KeyUsageKeyAgreement,
		ExtKeyUsage:     eku,
		ExtraExtensions: []pkix.Extension{san},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, key.Public(), ca.key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	keyPEM, err := pemKey(key)
	if err != nil {
		return nil, err
	}
	certPEM := append(pemCert(der), ca.CertPEM...)
	return &Issued{Cert: cert, CertPEM: certPEM, KeyPEM: keyPEM, Key: key,
		TLS: tls.Certificate{Certificate: [][]byte{der, ca.Cert.Raw}, PrivateKey: key, Leaf: cert}}, nil
}

// UZIString is the identifier string a UZI server certificate carries in
// its otherName: "2.16.528.1.1007.99.2110-1-{participant}-S-{URA}-00.000-00000000".
func UZIString(participantID, ura string) string {
	return uziPrefix + participantID + "-S-" + ura + "-00.000-00000000"
}

// sanExtension builds subjectAltName with DNS names, IP addresses and the
// UZI otherName (crypto/x509 cannot write otherName itself).
func sanExtension(hosts []string, uzi string) (pkix.Extension, error) {
	var names []asn1.RawValue
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			if v4 := ip.To4(); v4 != nil {
				ip = v4
			}
			names = append(names, asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 7, Bytes: ip})
			continue
		}
		names = append(names, asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 2, Bytes: []byte(h)})
	}
	oid, err := asn1.Marshal(OIDUZIOtherName)
	if err != nil {
		return pkix.Extension{}, err
	}
	val, err := asn1.MarshalWithParams(uzi, "ia5")
	if err != nil {
		return pkix.Extension{}, err
	}
	explicit, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: val})
	if err != nil {
		return pkix.Extension{}, err
	}
	names = append(names, asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: append(oid, explicit...)})
	der, err := asn1.Marshal(names)
	if err != nil {
		return pkix.Extension{}, err
	}
	return pkix.Extension{Id: oidSAN, Value: der}, nil
}

// OtherNames returns the UZI otherName strings of a certificate.
func OtherNames(c *x509.Certificate) []string {
	var out []string
	for _, ext := range c.Extensions {
		if !ext.Id.Equal(oidSAN) {
			continue
		}
		var names []asn1.RawValue
		if rest, err := asn1.Unmarshal(ext.Value, &names); err != nil || len(rest) > 0 {
			return nil
		}
		for _, n := range names {
			if n.Class != asn1.ClassContextSpecific || n.Tag != 0 {
				continue
			}
			var oid asn1.ObjectIdentifier
			rest, err := asn1.Unmarshal(n.Bytes, &oid)
			if err != nil || !oid.Equal(OIDUZIOtherName) {
				continue
			}
			var explicit asn1.RawValue
			if _, err := asn1.Unmarshal(rest, &explicit); err != nil {
				continue
			}
			var s string
			if _, err := asn1.UnmarshalWithParams(explicit.Bytes, &s, "ia5"); err == nil {
				out = append(out, s)
			}
		}
	}
	return out
}

// URAOf returns the URA in the certificate's UZI otherName ("" if none).
func URAOf(c *x509.Certificate) string {
	for _, s := range OtherNames(c) {
		if !strings.HasPrefix(s, uziPrefix) {
			continue
		}
		parts := strings.Split(s[len(uziPrefix):], "-")
		for i := 0; i+1 < len(parts); i++ {
			if parts[i] == "S" && uraRE.MatchString(parts[i+1]) {
				return parts[i+1]
			}
		}
	}
	return ""
}

// HackathonOf returns the hackathon a certificate names in its subject.
func HackathonOf(c *x509.Certificate) string {
	for _, ou := range c.Subject.OrganizationalUnit {
		if h, ok := strings.CutPrefix(ou, "hackathon "); ok {
			return h
		}
	}
	return ""
}

// ServerTLS is the mutual-TLS configuration of a sandbox endpoint: TLS 1.3
// minimum, a client certificate of this CA required and verified.
func (ca *CA) ServerTLS(server *Issued) *tls.Config {
	want := ca.Hackathon
	return &tls.Config{
		MinVersion:   tls.VersionTLS13,
		Certificates: []tls.Certificate{server.TLS},
		ClientAuth:   tls.RequireAndVerifyClientCert,
		ClientCAs:    ca.pool,
		VerifyConnection: func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return errors.New("testca: no client certificate")
			}
			if HackathonOf(cs.PeerCertificates[0]) != want {
				return errors.New("testca: client certificate of another hackathon")
			}
			return nil
		},
	}
}

// ClientTLS is the configuration of a client calling a sandbox endpoint of
// this hackathon with client certificate cert (nil: none).
func (ca *CA) ClientTLS(cert *Issued) *tls.Config {
	c := &tls.Config{MinVersion: tls.VersionTLS13, RootCAs: ca.pool}
	if cert != nil {
		c.Certificates = []tls.Certificate{cert.TLS}
	}
	return c
}

// Peer is what the recording layer keeps of a mutual-TLS peer.
type Peer struct {
	Subject   string // RFC 2253 subject of the leaf
	URA       string // from the UZI otherName
	Serial    string // hex serial number
	Hackathon string
}

// PeerOf returns the verified client certificate of a request, if any.
func PeerOf(r *http.Request) (Peer, bool) {
	if r.TLS == nil || len(r.TLS.VerifiedChains) == 0 || len(r.TLS.VerifiedChains[0]) == 0 {
		return Peer{}, false
	}
	c := r.TLS.VerifiedChains[0][0]
	return Peer{Subject: c.Subject.String(), URA: URAOf(c), Serial: c.SerialNumber.Text(16), Hackathon: HackathonOf(c)}, true
}

func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		panic(err) // crypto/rand does not fail
	}
	return n.Add(n, big.NewInt(1))
}

func pemCert(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func pemKey(k crypto.Signer) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Headers: map[string]string{"Comment": "TEST key issued by ketentest - never use in production"}, Bytes: der}), nil
}

// VerifyRequest checks, for a listener that only requests client
// certificates (tls.RequestClientCert, shared by every hackathon), that r
// came over TLS 1.3 with a client certificate of this CA. It returns a
// copy of r whose TLS state carries the verified chain, so that PeerOf
// works downstream.
func (ca *CA) VerifyRequest(r *http.Request) (*http.Request, Peer, error) {
	if r.TLS == nil {
		return nil, Peer{}, errors.New("geen TLS: deze endpoints vragen mutual TLS 1.3")
	}
	if r.TLS.Version < tls.VersionTLS13 {
		return nil, Peer{}, errors.New("TLS 1.3 vereist")
	}
	certs := r.TLS.PeerCertificates
	if len(certs) == 0 {
		return nil, Peer{}, errors.New("geen clientcertificaat (mutual TLS met een certificaat van de test-CA van deze hackathon)")
	}
	inter := x509.NewCertPool()
	for _, c := range certs[1:] {
		inter.AddCert(c)
	}
	chains, err := certs[0].Verify(x509.VerifyOptions{Roots: ca.pool, Intermediates: inter, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
	if err != nil {
		return nil, Peer{}, errors.New("clientcertificaat is niet uitgegeven door de test-CA van deze hackathon")
	}
	if HackathonOf(certs[0]) != ca.Hackathon {
		return nil, Peer{}, errors.New("clientcertificaat van een andere hackathon")
	}
	cs := *r.TLS
	cs.VerifiedChains = chains
	r2 := r.Clone(r.Context())
	r2.TLS = &cs
	p, _ := PeerOf(r2)
	return r2, p, nil
}
