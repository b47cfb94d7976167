// Package httpx holds what every HTTP-facing package shares: the Route type
// that binds a handler to the permission it requires, the per-request
// context (user, roles, hackathon, language) that the guard fills in, and
// the JSON and problem responses of the API.
package httpx
