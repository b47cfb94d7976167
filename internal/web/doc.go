// Package web serves ketentest over HTTP: the server and its middleware
// (logging, metrics, security headers, cross-origin protection, body
// limits), the guard that authorizes every route, the operational endpoints,
// and the server-rendered HTML pages. The JSON API lives in package api.
package web
