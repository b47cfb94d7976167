package pgoclient

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// The MedMij lists a PGO discovers DVAs from: the Zorgaanbiederslijst
// (ZAL, release 2) with the authorize, token and resource endpoints of
// every care provider's data services, and the Gegevensdienstnamenlijst
// (GNL, release 1) with the data services' display names. The sandbox
// publishes both at /medmij/zal.xml and /medmij/gnl.xml.
const (
	NamespaceZAL = "xmlns://afsprakenstelsel.medmij.nl/zorgaanbiederslijst/release2/"
	NamespaceGNL = "xmlns://afsprakenstelsel.medmij.nl/gegevensdienstnamenlijst/release1/"
)

// Limits of a list.
const (
	MaxListBytes   = 16 << 20 // the production ZAL is a few MB
	MaxListEntries = 100000
)

// ListEntry is one resource endpoint of a data service of a care
// provider, as the ZAL lists it.
type ListEntry struct {
	Provider     string // Zorgaanbiedernaam, the provider part of the scope
	ServiceID    string // GegevensdienstId
	ServiceName  string // Weergavenaam from the GNL, if given
	RoleCode     string // Systeemrolcode
	AuthorizeURL string
	TokenURL     string
	FHIRBase     string
	// Problem says why the entry cannot be used (an endpoint missing or
	// not an http(s) URL, a data service the reference PGO cannot run).
	Problem string
}

// Scope is the scope that asks for this entry's data service.
func (e ListEntry) Scope() string { return e.Provider + "~" + e.ServiceID }

// Unsupported reports whether the entry's data service is one the
// reference PGO does not run (its only problem).
func (e ListEntry) Unsupported() bool {
	_, ok := Services[e.ServiceID]
	return e.Problem != "" && !ok && e.Provider != "" && e.ServiceID != ""
}

// Usable reports whether a run can start from the entry.
func (e ListEntry) Usable() bool { return e.Problem == "" }

type xmlZAL struct {
	XMLName        xml.Name `xml:"Zorgaanbiederslijst"`
	Zorgaanbieders []struct {
		Naam             string `xml:"Zorgaanbiedernaam"`
		Gegevensdiensten []struct {
			ID            string `xml:"GegevensdienstId"`
			Authorization string `xml:"AuthorizationEndpoint>AuthorizationEndpointuri"`
			Token         string `xml:"TokenEndpoint>TokenEndpointuri"`
			Systeemrollen []struct {
				Code     string `xml:"Systeemrolcode"`
				Resource string `xml:"ResourceEndpoint>ResourceEndpointuri"`
			} `xml:"Systeemrollen>Systeemrol"`
		} `xml:"Gegevensdiensten>Gegevensdienst"`
	} `xml:"Zorgaanbieders>Zorgaanbieder"`
}

type xmlGNL struct {
	XMLName          xml.Name `xml:"Gegevensdienstnamenlijst"`
	Gegevensdiensten []struct {
		ID           string `xml:"GegevensdienstId"`
		Weergavenaam string `xml:"Weergavenaam"`
	} `xml:"Gegevensdiensten>Gegevensdienst"`
}

// rootOf returns the name and namespace of the document element.
func rootOf(data []byte) (xml.Name, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err != nil {
			return xml.Name{}, listError(d, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name, nil
		}
	}
}

func listError(d *xml.Decoder, err error) error {
	if errors.Is(err, io.EOF) {
		return errors.New("the list is empty or not XML")
	}
	line, col := d.InputPos()
	return fmt.Errorf("the list is not well-formed XML (line %d, column %d): %v", line, col, err)
}

func decode(data []byte, v any) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	if err := d.Decode(v); err != nil {
		return listError(d, err)
	}
	return nil
}

// ParseZAL reads a Zorgaanbiederslijst into one entry per resource
// endpoint, in list order. A GNL or another document is refused with a
// message that says what it is.
func ParseZAL(data []byte) ([]ListEntry, error) {
	if len(data) > MaxListBytes {
		return nil, fmt.Errorf("the list is larger than %d bytes", MaxListBytes)
	}
	root, err := rootOf(data)
	if err != nil {
		return nil, err
	}
	switch {
	case root.Local == "Gegevensdienstnamenlijst":
		return nil, errors.New("this is a Gegevensdienstnamenlijst (GNL): it names data services but has no endpoints; give the Zorgaanbiederslijst (ZAL) URL")
	case root.Local != "Zorgaanbiederslijst":
		return nil, fmt.Errorf("the document is a %s, not a Zorgaanbiederslijst", root.Local)
	case root.Space != NamespaceZAL:
		return nil, fmt.Errorf("the Zorgaanbiederslijst has namespace %q, want %q (release 2)", root.Space, NamespaceZAL)
	}
	var l xmlZAL
	if err := decode(data, &l); err != nil {
		return nil, err
	}
	var out []ListEntry
	for _, za := range l.Zorgaanbieders {
		for _, gd := range za.Gegevensdiensten {
			roles := gd.Systeemrollen
			if len(roles) == 0 {
				roles = append(roles, struct {
					Code     string `xml:"Systeemrolcode"`
					Resource string `xml:"ResourceEndpoint>ResourceEndpointuri"`
				}{})
			}
			for _, sr := range roles {
				if len(out) == MaxListEntries {
					return nil, fmt.Errorf("the list has more than %d endpoints", MaxListEntries)
				}
				e := ListEntry{Provider: strings.TrimSpace(za.Naam), ServiceID: strings.TrimSpace(gd.ID), RoleCode: strings.TrimSpace(sr.Code),
					AuthorizeURL: strings.TrimSpace(gd.Authorization), TokenURL: strings.TrimSpace(gd.Token), FHIRBase: strings.TrimSpace(sr.Resource)}
				e.Problem = e.problem()
				out = append(out, e)
			}
		}
	}
	return out, nil
}

func (e ListEntry) problem() string {
	switch {
	case e.Provider == "":
		return "no Zorgaanbiedernaam"
	case e.ServiceID == "":
		return "no GegevensdienstId"
	}
	for _, f := range []struct{ name, v string }{{"AuthorizationEndpointuri", e.AuthorizeURL}, {"TokenEndpointuri", e.TokenURL}, {"ResourceEndpointuri", e.FHIRBase}} {
		if f.v == "" {
			return "no " + f.name
		}
		if err := CheckURL(f.v); err != nil {
			return f.name + ": " + err.Error()
		}
	}
	if _, ok := Services[e.ServiceID]; !ok {
		return fmt.Sprintf("data service %s is not one the reference PGO runs", e.ServiceID)
	}
	return ""
}

// ParseGNL reads a Gegevensdienstnamenlijst: display name by data service id.
func ParseGNL(data []byte) (map[string]string, error) {
	if len(data) > MaxListBytes {
		return nil, fmt.Errorf("the list is larger than %d bytes", MaxListBytes)
	}
	root, err := rootOf(data)
	if err != nil {
		return nil, err
	}
	if root.Local != "Gegevensdienstnamenlijst" || root.Space != NamespaceGNL {
		return nil, fmt.Errorf("the document is a %s (namespace %q), not a Gegevensdienstnamenlijst release 1", root.Local, root.Space)
	}
	var l xmlGNL
	if err := decode(data, &l); err != nil {
		return nil, err
	}
	out := make(map[string]string, len(l.Gegevensdiensten))
	for _, g := range l.Gegevensdiensten {
		if id := strings.TrimSpace(g.ID); id != "" {
			out[id] = strings.TrimSpace(g.Weergavenaam)
		}
	}
	return out, nil
}

// FetchList gets a list over the client's guarded HTTP client (the list
// URL is entered by a user, so the SSRF guard applies), within the
// request timeout and size limit.
func (c *Client) FetchList(ctx context.Context, listURL string) ([]byte, error) {
	listURL = strings.TrimSpace(listURL)
	if err := CheckURL(listURL); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, c.requestTimeout())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, listURL, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/xml, text/xml")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, errors.New(describe(err, c.requestTimeout()))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s answered HTTP %d", listURL, resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxListBytes+1))
	if err != nil {
		return nil, errors.New("reading the list: " + describe(err, c.requestTimeout()))
	}
	if len(data) > MaxListBytes {
		return nil, fmt.Errorf("the list is larger than %d bytes", MaxListBytes)
	}
	return data, nil
}

// Discover fetches a ZAL and, when gnlURL is given, a GNL for the data
// service names, and returns the ZAL's entries.
func (c *Client) Discover(ctx context.Context, zalURL, gnlURL string) ([]ListEntry, error) {
	data, err := c.FetchList(ctx, zalURL)
	if err != nil {
		return nil, fmt.Errorf("ZAL: %w", err)
	}
	entries, err := ParseZAL(data)
	if err != nil {
		return nil, fmt.Errorf("ZAL: %w", err)
	}
	names := map[string]string{}
	if strings.TrimSpace(gnlURL) != "" {
		data, err := c.FetchList(ctx, gnlURL)
		if err != nil {
			return nil, fmt.Errorf("GNL: %w", err)
		}
		if names, err = ParseGNL(data); err != nil {
			return nil, fmt.Errorf("GNL: %w", err)
		}
	}
	for i := range entries {
		if n, ok := names[entries[i].ServiceID]; ok {
			entries[i].ServiceName = n
		} else if s, ok := Services[entries[i].ServiceID]; ok {
			entries[i].ServiceName = s.Name
		}
	}
	return entries, nil
}
