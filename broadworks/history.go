package broadworks

import "time"

// PackageChange is one step of a subscriber's billing history (BW-25): from
// Day on (inclusive, a UTC date at midnight) the subscriber holds Package
// under the BroadWorks user ID UserID. NoPackage means the subscriber holds
// none from that day (removed, BW-18).
type PackageChange struct {
	Day     time.Time
	UserID  string
	Package Package
}

// BillingSubscriber is what billing needs to know of one subscriber
// (BW-25): its enterprise, whether the customer is on trial, its Webex
// subscriber ID, when it was provisioned and activated, and its package
// history in day order.
type BillingSubscriber struct {
	EnterpriseID  string // SP enterprise ID
	Trial         bool
	SubscriberID  string
	ProvisionedOn time.Time // the day it was provisioned
	ActivatedOn   time.Time // zero while the Webex account is not active
	History       []PackageChange
}
