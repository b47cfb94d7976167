package sandbox

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// DevCertFiles are the names WriteDevCert uses inside its directory.
const (
	DevCertFile = "sandbox-cert.pem"
	DevKeyFile  = "sandbox-key.pem"
)

// DevCert makes a self-signed development certificate for hosts (DNS names
// and IP addresses, all put in the subjectAltName) with an ECDSA P-256 key,
// valid from an hour before now for validFor. It is its own CA, so a client
// can trust it by adding it to its root pool. It is for test environments
// only: MedMij production requires PKIoverheid certificates.
func DevCert(hosts []string, now time.Time, validFor time.Duration) (certPEM, keyPEM []byte, err error) {
	if len(hosts) == 0 {
		return nil, nil, errors.New("devcert: at least one host is required")
	}
	if validFor <= 0 {
		return nil, nil, errors.New("devcert: validity must be positive")
	}
	tmpl := &x509.Certificate{
		Subject:               pkix.Name{CommonName: hosts[0], Organization: []string{"ketentest development certificate (not for production)"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(validFor),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	for _, h := range hosts {
		h = strings.TrimSpace(h)
		switch {
		case h == "":
			return nil, nil, errors.New("devcert: empty host name")
		case net.ParseIP(h) != nil:
			tmpl.IPAddresses = append(tmpl.IPAddresses, net.ParseIP(h))
		case hostnameRE.MatchString(strings.ToLower(h)) || strings.HasPrefix(h, "*.") && hostnameRE.MatchString(strings.ToLower(h[2:])):
			tmpl.DNSNames = append(tmpl.DNSNames, strings.ToLower(h))
		default:
			return nil, nil, fmt.Errorf("devcert: %q is neither a host name nor an IP address", h)
		}
	}
	if tmpl.SerialNumber, err = rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128)); err != nil {
		return nil, nil, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), nil
}

// WriteDevCert writes a DevCert into dir as DevCertFile (0644) and
// DevKeyFile (0600), creating dir (0700) when needed. It refuses to replace
// existing files unless force is set.
func WriteDevCert(dir string, hosts []string, validFor time.Duration, force bool) (certFile, keyFile string, err error) {
	if dir == "" {
		return "", "", errors.New("devcert: an output directory is required")
	}
	certFile, keyFile = filepath.Join(dir, DevCertFile), filepath.Join(dir, DevKeyFile)
	if !force {
		for _, f := range []string{certFile, keyFile} {
			if _, err := os.Lstat(f); err == nil {
				return "", "", fmt.Errorf("devcert: %s already exists (use --force to replace it)", f)
			}
		}
	}
	certPEM, keyPEM, err := DevCert(hosts, time.Now(), validFor)
	if err != nil {
		return "", "", err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", "", err
	}
	if err := writeFile(keyFile, keyPEM, 0o600, force); err != nil {
		return "", "", err
	}
	if err := writeFile(certFile, certPEM, 0o644, force); err != nil {
		return "", "", err
	}
	return certFile, keyFile, nil
}

// writeFile writes through a temporary file in the same directory and
// renames it into place, so the key is never readable with wider rights and
// a failed write leaves no half file.
func writeFile(name string, data []byte, perm os.FileMode, force bool) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".devcert-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if !force {
		// Link fails when name appeared meanwhile; rename would replace it.
		if err := os.Link(tmp.Name(), name); err != nil {
			return fmt.Errorf("devcert: %w", err)
		}
		return nil
	}
	return os.Rename(tmp.Name(), name)
}
