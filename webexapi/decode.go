package webexapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"unicode/utf8"
)

// ErrPayload is matched by every error a decoder of this package returns for
// a payload it cannot read: not JSON (or not UTF-8), a value of the wrong
// type, or a value the model refuses. Such a payload never applies anything.
var ErrPayload = errors.New("webexapi: bad payload")

// ErrNil is returned for a nil org, catalog, inventory or answer, and for
// the zero assignment.Org, which has no catalog (an org comes from
// assignment.New).
var ErrNil = errors.New("webexapi: nil argument")

// DecodeError is a payload that could not be read: which payload, the field
// (a JSON path with its indices, such as "items[2].totalUnits" or
// "items[0].emails[1]", or "(top level)"; empty for a syntax error), the
// byte offset where known, and why. It matches ErrPayload and unwraps to
// the cause: a *json.SyntaxError, a *json.UnmarshalTypeError, or a model
// error (license.ErrMalformedID, assignment.ErrInvalidEmail,
// calling.ErrNotE164, ...).
type DecodeError struct {
	Payload string // "licenses", "people", "license assignment", "numbers", "locations"
	Field   string
	Offset  int64
	Err     error
}

// Error returns the message, naming the payload, the field and the cause
// where there is one.
func (e *DecodeError) Error() string {
	msg := "webexapi: bad " + e.Payload + " payload"
	if e.Field != "" {
		msg += ": field " + e.Field
	}
	if e.Offset > 0 {
		msg += fmt.Sprintf(" (offset %d)", e.Offset)
	}
	if e.Err == nil {
		return msg
	}
	return msg + ": " + e.Err.Error()
}

// Unwrap returns ErrPayload and the cause.
func (e *DecodeError) Unwrap() []error { return []error{ErrPayload, e.Err} }

// fieldError is a value of field the model refuses.
func fieldError(payload, field string, err error) error {
	return &DecodeError{Payload: payload, Field: field, Err: err}
}

// decode reads exactly one JSON value of data into v with encoding/json:
// unknown fields are ignored; a value of the wrong type is an error naming
// its field; data after the value is an error. Data that is not UTF-8 is
// an error (RFC 8259), not read with its bad bytes replaced.
func decode(payload string, data []byte, v any) error {
	if i := invalidUTF8(data); i >= 0 {
		return &DecodeError{Payload: payload, Offset: int64(i), Err: errors.New("invalid UTF-8")}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return wrapJSON(payload, data, v, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return &DecodeError{Payload: payload, Offset: dec.InputOffset(), Err: errors.New("data after the JSON value")}
	}
	return nil
}

// invalidUTF8 returns the offset of the first byte of data that is not
// UTF-8, or -1.
func invalidUTF8(data []byte) int {
	if utf8.Valid(data) {
		return -1
	}
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// wrapJSON turns an encoding/json error decoding data into v into a
// *DecodeError naming the field, with its indices (locate), and the
// offset.
func wrapJSON(payload string, data []byte, v any, err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		fields := []string{stripIndices(te.Field)}
		if te.Field == "" && te.Offset == 0 { // a Flag's error, not placed (GOEXPERIMENT=jsonv2)
			fields = flagFields(reflect.TypeOf(v))
		}
		field := locate(data, fields, te.Offset, flagRefuses)
		if field == "" {
			field = "(top level)"
		}
		return &DecodeError{Payload: payload, Field: field, Offset: te.Offset, Err: fmt.Errorf("want %v, got JSON %s: %w", te.Type, te.Value, err)}
	case errors.As(err, &se):
		return &DecodeError{Payload: payload, Offset: se.Offset, Err: err}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &DecodeError{Payload: payload, Err: fmt.Errorf("truncated or empty JSON: %w", err)}
	}
	return &DecodeError{Payload: payload, Err: err}
}

// Flag is a true/false property of the People API (invitePending,
// loginEnabled). The API reference types them as the strings "true" and
// "false"; responses carry JSON booleans. Flag reads either and writes a
// JSON boolean.
type Flag bool

// UnmarshalJSON reads true, false, "true" or "false".
func (f *Flag) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case "true", `"true"`:
		*f = true
	case "false", `"false"`:
		*f = false
	case "null":
	default:
		// An UnmarshalTypeError gets the field's name from encoding/json.
		return &json.UnmarshalTypeError{Value: "value " + truncate(string(b), 20), Type: reflect.TypeFor[bool]()}
	}
	return nil
}

// flagRefuses reports whether Flag refuses the JSON value b: the only
// type error that comes without an offset is a Flag's.
func flagRefuses(b []byte) bool {
	var f Flag
	return f.UnmarshalJSON(b) != nil
}

// truncate shortens s to at most n bytes for an error message, cutting
// at the start of a character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}
