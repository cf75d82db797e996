package calling

// Extensions are digit strings of 1 to 10 ASCII digits, unique within a
// location (CAL-12). Leading zeros count: "0100" and "100" are different
// extensions. An extension is kept as 8 bytes: its length above its
// value.

const maxExtDigits = 10

// encodeExt returns the compact form of the extension s, or 0 if s is not
// 1 to 10 ASCII digits.
func encodeExt(s string) uint64 {
	if len(s) == 0 || len(s) > maxExtDigits {
		return 0
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		c := s[i] - '0'
		if c > 9 {
			return 0
		}
		v = v*10 + uint64(c)
	}
	return uint64(len(s))<<40 | v
}

// decodeExt returns the extension whose compact form is e, or "" for 0.
func decodeExt(e uint64) string {
	if e == 0 {
		return ""
	}
	n, v := int(e>>40), e&(1<<40-1)
	var b [maxExtDigits]byte
	for i := n - 1; i >= 0; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
	return string(b[:n])
}

// extKey is the key of extension e in location l in Inventory.exts.
func extKey(l uint16, e uint64) uint64 { return uint64(l)<<48 | e }

// ExtensionOwner returns who holds extension ext in the location with ID
// location, if anyone does.
func (iv *Inventory) ExtensionOwner(location, ext string) (Owner, bool) {
	l, ok := iv.locIdx[location]
	e := encodeExt(ext)
	if !ok || e == 0 {
		return Owner{}, false
	}
	h, ok := iv.exts[extKey(l, e)]
	return iv.owner(h.typ, h.id), ok
}
