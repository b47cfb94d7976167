package i18n

// Messages of the event logistics (internal/venue).
func init() {
	register("nl", map[string]string{
		"venue.nav": "Locatie", "venue.title": "Locatie en logistiek",
		"venue.intro": "De locatie met zalen en capaciteit, de checklist voor de plaatselijke infrastructuur en de cateringaantallen uit de aanmeldingen. Sla je een locatie met zalen op, dan is 2R gereed; staat alles op de checklist op geregeld, dan is 2S gereed.",
		"venue.venue": "Locatie", "venue.address": "Adres", "venue.rooms": "Zalen", "venue.capacity_n": "%d personen",
		"venue.rooms_help": "Zalen (één per regel, als naam: capaciteit)", "venue.wifi": "Wifi-capaciteit (aantal apparaten)",
		"venue.parking": "Parkeren", "venue.route": "Route", "venue.none": "Er is nog geen locatie ingevuld.", "venue.save": "Opslaan",
		"venue.checklist": "Checklist infrastructuur", "venue.item": "Onderdeel", "venue.owner": "Eigenaar", "venue.status": "Status",
		"venue.item.power": "Stroom", "venue.item.network": "Netwerk en bandbreedte", "venue.item.screens": "Schermen", "venue.item.tables": "Tafels",
		"venue.status.open": "open", "venue.status.busy": "bezig", "venue.status.done": "geregeld",
		"venue.catering": "Catering", "venue.event": "Bijeenkomst", "venue.attending": "Aanwezig", "venue.diets": "Dieetwensen",
		"venue.flash.saved": "Logistiek bijgewerkt.", "venue.flash.milestone": "Logistiek bijgewerkt; de mijlpaal is gereed.",
		"fielderr.code.venue_text":   "geef een tekst van hoogstens %s tekens",
		"fielderr.code.venue_rooms":  "geef één zaal per regel als naam: capaciteit (1 tot 10.000, hoogstens 50 zalen)",
		"fielderr.code.venue_wifi":   "geef het aantal apparaten dat de wifi aankan (0 tot 100.000)",
		"fielderr.code.venue_status": "kies open, bezig of geregeld",
	})
	register("en", map[string]string{
		"venue.nav": "Venue", "venue.title": "Venue and logistics",
		"venue.intro": "The venue with rooms and capacity, the local infrastructure checklist and the catering counts from the registrations. Saving a venue with rooms marks 2R done; every checklist item arranged marks 2S done.",
		"venue.venue": "Venue", "venue.address": "Address", "venue.rooms": "Rooms", "venue.capacity_n": "%d people",
		"venue.rooms_help": "Rooms (one a line, as name: capacity)", "venue.wifi": "Wi-Fi capacity (number of devices)",
		"venue.parking": "Parking", "venue.route": "Route", "venue.none": "No venue entered yet.", "venue.save": "Save",
		"venue.checklist": "Infrastructure checklist", "venue.item": "Item", "venue.owner": "Owner", "venue.status": "Status",
		"venue.item.power": "Power", "venue.item.network": "Network and bandwidth", "venue.item.screens": "Screens", "venue.item.tables": "Tables",
		"venue.status.open": "open", "venue.status.busy": "in progress", "venue.status.done": "arranged",
		"venue.catering": "Catering", "venue.event": "Event", "venue.attending": "Attending", "venue.diets": "Dietary needs",
		"venue.flash.saved": "Logistics updated.", "venue.flash.milestone": "Logistics updated; the milestone is done.",
		"fielderr.code.venue_text":   "give a text of at most %s characters",
		"fielderr.code.venue_rooms":  "give one room a line as name: capacity (1 to 10,000, at most 50 rooms)",
		"fielderr.code.venue_wifi":   "give the number of devices the Wi-Fi carries (0 to 100,000)",
		"fielderr.code.venue_status": "pick open, in progress or arranged",
	})
}
