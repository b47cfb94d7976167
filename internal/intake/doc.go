// Package intake owns what comes in before a hackathon is prepared (issue
// 15, build item 1): the hackathon request of a party (organisation,
// contact, data service, goal, why a hackathon rather than another
// instrument, period) and the core team's decision on it — accept (a
// hackathon is created through hackathon.Service.Create with the canvas
// pre-filled and the chosen project lead assigned), decline with a reason,
// or advise another instrument — with the requester told through the
// outbox in Dutch; and the participant intake per organisation in a
// hackathon (contact, owner of issue follow-up, product and version, data
// service and FHIR version, endpoints, self-assessed readiness 1–5 and
// open questions), whose open questions feed the kick-off agenda and FAQ.
//
// Every text field has a limit; text that is not valid UTF-8 or holds
// control characters is refused with a field error, and nothing is saved
// unless the whole input is valid.
package intake
