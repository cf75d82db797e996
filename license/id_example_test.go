package license_test

import (
	"errors"
	"fmt"

	"github.com/wxlicense/wxlicense/license"
)

func ExampleParseID() {
	// A meeting-site (EE) license ID as the API returns it: URL-safe base64
	// without padding (LIC-6).
	id, err := license.ParseID("Y2lzY29zcGFyazovL3VzL0xJQ0VOU0UvOTZhYmMyYWEtM2RjYy0xMWU1LWExNTItZmUzNDgxOWNkYzlhOkVFXzNhNmRmNzg0LWI0ZTItNGJiZi1hMjA5LTE0NWM0ZmIyOGE4N19leGFtcGxlLndlYmV4LmNvbQ")
	if err != nil {
		panic(err)
	}
	fmt.Println(id.Org)
	fmt.Println(id.Code)
	fmt.Println(id.UUID)
	fmt.Println(id.Site)
	fmt.Println(id.URI())

	_, err = license.ParseID("Y2lzY29zcGFyazovL3VzL0xJQ0VOU0UvbzpmbXNfdQ")
	fmt.Println(err)
	fmt.Println(errors.Is(err, license.ErrMalformedID))
	// Output:
	// 96abc2aa-3dcc-11e5-a152-fe34819cdc9a
	// EE
	// 3a6df784-b4e2-4bbf-a209-145c4fb28a87
	// example.webex.com
	// ciscospark://us/LICENSE/96abc2aa-3dcc-11e5-a152-fe34819cdc9a:EE_3a6df784-b4e2-4bbf-a209-145c4fb28a87_example.webex.com
	// license: malformed license ID "Y2lzY29zcGFyazovL3VzL0xJQ0VOU0UvbzpmbXNfdQ": code must be upper-case letters
	// true
}
