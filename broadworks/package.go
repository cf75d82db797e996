package broadworks

import "fmt"

// Package is a BroadWorks subscriber's Webex package (BW-17).
type Package uint8

// The packages. The zero value is no package.
const (
	NoPackage Package = iota
	Basic
	Standard
	Premium
	Softphone
)

var packageNames = [...]string{"", "basic", "standard", "premium", "softphone"}

// String returns the package's name as the subscribers API writes it:
// "basic", "standard", "premium" or "softphone"; "" for NoPackage.
func (p Package) String() string {
	if int(p) < len(packageNames) {
		return packageNames[p]
	}
	return fmt.Sprintf("Package(%d)", p)
}

// ParsePackage parses a package name, case-sensitively as the API writes
// it. An unknown name is an error matching ErrUnknown.
func ParsePackage(s string) (Package, error) {
	for i, n := range packageNames {
		if i > 0 && n == s {
			return Package(i), nil
		}
	}
	return NoPackage, fmt.Errorf("%w package %q", ErrUnknown, s) // "broadworks: unknown package ..."
}
