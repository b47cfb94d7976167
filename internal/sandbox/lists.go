package sandbox

import (
	"encoding/xml"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The sandbox publishes its own versions of the MedMij lists, in the MedMij
// XML formats, so a PGO can discover the DVA as it would in production:
//
//	GET /medmij/zal.xml  Zorgaanbiederslijst (release 2): the sandbox care
//	                     provider with authorize, token and resource endpoint
//	                     per data service
//	GET /medmij/ocl.xml  OAuth client list (release 2): the registered PGOs
//	GET /medmij/gnl.xml  Gegevensdienstnamenlijst (release 1): data service
//	                     names
//
// Tijdstempel is when the list's content last changed and Volgnummer is that
// moment in Unix seconds, so it grows with every new version: for the ZAL and
// GNL the start of this configuration, for the OCL also the latest client
// registration.
const (
	nsZAL = "xmlns://afsprakenstelsel.medmij.nl/zorgaanbiederslijst/release2/"
	nsOCL = "xmlns://afsprakenstelsel.medmij.nl/oauthclientlist/release2/"
	nsGNL = "xmlns://afsprakenstelsel.medmij.nl/gegevensdienstnamenlijst/release1/"
)

type zalList struct {
	XMLName        xml.Name       `xml:"xmlns://afsprakenstelsel.medmij.nl/zorgaanbiederslijst/release2/ Zorgaanbiederslijst"`
	SchemaLocation string         `xml:"xsi:schemaLocation,attr"`
	XSI            string         `xml:"xmlns:xsi,attr"`
	Tijdstempel    string         `xml:"Tijdstempel"`
	Volgnummer     int64          `xml:"Volgnummer"`
	Zorgaanbieders []zalAanbieder `xml:"Zorgaanbieders>Zorgaanbieder"`
}

type zalAanbieder struct {
	Naam             string      `xml:"Zorgaanbiedernaam"`
	Gegevensdiensten []zalDienst `xml:"Gegevensdiensten>Gegevensdienst"`
}

type zalDienst struct {
	ID            string          `xml:"GegevensdienstId"`
	Authorization string          `xml:"AuthorizationEndpoint>AuthorizationEndpointuri"`
	Token         string          `xml:"TokenEndpoint>TokenEndpointuri"`
	Systeemrollen []zalSysteemrol `xml:"Systeemrollen>Systeemrol"`
}

type zalSysteemrol struct {
	Code     string `xml:"Systeemrolcode"`
	Resource string `xml:"ResourceEndpoint>ResourceEndpointuri"`
}

type oclList struct {
	XMLName        xml.Name    `xml:"xmlns://afsprakenstelsel.medmij.nl/oauthclientlist/release2/ OAuthclientlist"`
	SchemaLocation string      `xml:"xsi:schemaLocation,attr"`
	XSI            string      `xml:"xmlns:xsi,attr"`
	Tijdstempel    string      `xml:"Tijdstempel"`
	Volgnummer     int64       `xml:"Volgnummer"`
	Clients        []oclClient `xml:"OAuthclients>OAuthclient"`
}

type oclClient struct {
	Hostname        string `xml:"Hostname"`
	Organisatienaam string `xml:"OAuthclientOrganisatienaam"`
}

type gnlList struct {
	XMLName          xml.Name    `xml:"xmlns://afsprakenstelsel.medmij.nl/gegevensdienstnamenlijst/release1/ Gegevensdienstnamenlijst"`
	SchemaLocation   string      `xml:"xsi:schemaLocation,attr"`
	XSI              string      `xml:"xmlns:xsi,attr"`
	Tijdstempel      string      `xml:"Tijdstempel"`
	Volgnummer       int64       `xml:"Volgnummer"`
	Gegevensdiensten []gnlDienst `xml:"Gegevensdiensten>Gegevensdienst"`
}

type gnlDienst struct {
	ID           string `xml:"GegevensdienstId"`
	Weergavenaam string `xml:"Weergavenaam"`
}

const xsiNS = "http://www.w3.org/2001/XMLSchema-instance"

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// ZAL returns the sandbox Zorgaanbiederslijst for a DVA reachable at base.
func (d *DVA) ZAL(base string) ([]byte, error) {
	base = strings.TrimSuffix(base, d.opts.PathPrefix)
	list := []zalAanbieder{d.zalEntry(base + d.opts.PathPrefix)}
	for _, s := range d.subs {
		list = append(list, s.zalEntry(base+s.opts.PathPrefix))
	}
	return marshalList(zalList{SchemaLocation: nsZAL + " MedMij_Zorgaanbiederslijst.xsd", XSI: xsiNS,
		Tijdstempel: stamp(d.started), Volgnummer: d.started.Unix(), Zorgaanbieders: list})
}

// zalEntry is this DVA's care provider on the ZAL, reachable at base.
func (d *DVA) zalEntry(base string) zalAanbieder {
	za := zalAanbieder{Naam: d.opts.Provider}
	for _, id := range d.opts.Services {
		svc, ok := d.service(id)
		if !ok {
			continue
		}
		za.Gegevensdiensten = append(za.Gegevensdiensten, zalDienst{ID: id,
			Authorization: base + "/oauth/authorize", Token: base + "/oauth/token",
			Systeemrollen: []zalSysteemrol{{Code: svc.RoleCode, Resource: base + "/" + id + "/fhir"}}})
	}
	return za
}

// GNL returns the sandbox Gegevensdienstnamenlijst.
func (d *DVA) GNL() ([]byte, error) {
	l := gnlList{SchemaLocation: nsGNL + " MedMij_Gegevensdienstnamenlijst.xsd", XSI: xsiNS,
		Tijdstempel: stamp(d.started), Volgnummer: d.started.Unix()}
	for _, id := range d.opts.Services {
		if svc, ok := d.service(id); ok {
			l.Gegevensdiensten = append(l.Gegevensdiensten, gnlDienst{ID: id, Weergavenaam: svc.Name})
		}
	}
	return marshalList(l)
}

// OCL returns the sandbox OAuth client list of the registered clients.
func (d *DVA) OCL(r *http.Request) ([]byte, error) {
	clients, err := Clients(r.Context(), d.db)
	if err != nil {
		return nil, err
	}
	at := d.started
	l := oclList{SchemaLocation: nsOCL + " MedMij_OAuthclientlist.xsd", XSI: xsiNS}
	for _, c := range clients {
		name := c.Name
		if name == "" {
			name = c.ClientID
		}
		l.Clients = append(l.Clients, oclClient{Hostname: c.ClientID, Organisatienaam: name})
		if c.CreatedAt.After(at) {
			at = c.CreatedAt.UTC().Truncate(time.Second)
		}
	}
	l.Tijdstempel, l.Volgnummer = stamp(at), at.Unix()
	return marshalList(l)
}

func marshalList(v any) ([]byte, error) {
	b, err := xml.MarshalIndent(v, "", "    ")
	if err != nil {
		return nil, err
	}
	return append(append([]byte(xml.Header), b...), '\n'), nil
}

func writeList(w http.ResponseWriter, body []byte, err error) {
	if err != nil {
		slog.Error("sandbox: list", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}

func (d *DVA) zal(w http.ResponseWriter, r *http.Request) {
	b, err := d.ZAL(d.baseURL(r))
	writeList(w, b, err)
}

func (d *DVA) gnl(w http.ResponseWriter, r *http.Request) {
	b, err := d.GNL()
	writeList(w, b, err)
}

func (d *DVA) ocl(w http.ResponseWriter, r *http.Request) {
	b, err := d.OCL(r)
	writeList(w, b, err)
}
