package broadworks

import "errors"

// ErrForbidden refuses an action the actor's role does not allow (BW-22,
// BW-24, BW-25).
var ErrForbidden = errors.New("broadworks: forbidden for the actor's role")
