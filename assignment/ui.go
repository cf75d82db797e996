package assignment

// Toggle is the admin UI's model of a preserve toggle that warns when
// switched off: the org's "preserve licenses on group change" setting
// (ASG-8) and the preserve choice of a template delete (ASG-5). It
// reproduces the documented quirk of ASG-21: switching it off needs a
// confirming second click, and cancelling that warning does not switch it
// back on — it stays off, and off takes effect. The first click is the
// CAL-9 acknowledgement; cancelling does not withdraw it. (The preserve box
// of a save, ASG-4, has no warning and needs no Toggle.)
type Toggle struct {
	on, warning, acked bool
}

// NewToggle returns a toggle in the given position, with no warning shown.
func NewToggle(on bool) Toggle { return Toggle{on: on} }

// On reports whether the toggle is on.
func (t Toggle) On() bool { return t.on }

// Warning reports whether the confirmation warning is showing.
func (t Toggle) Warning() bool { return t.warning }

// Acknowledged reports whether the admin acknowledged the CAL-9 warning
// (the first click that switched the toggle off).
func (t Toggle) Acknowledged() bool { return t.acked && !t.on }

// Click flips the toggle. Switching it off shows the warning and counts as
// the acknowledgement; switching it on needs no confirmation.
func (t Toggle) Click() Toggle {
	if t.warning {
		return t // the warning is modal: confirm or cancel first
	}
	if t.on {
		return Toggle{on: false, warning: true, acked: true}
	}
	return Toggle{on: true}
}

// Confirm closes the warning; the toggle stays off.
func (t Toggle) Confirm() Toggle {
	t.warning = false
	return t
}

// Cancel closes the warning. The quirk of ASG-21: the toggle stays off and
// the acknowledgement stands.
func (t Toggle) Cancel() Toggle {
	t.warning = false
	return t
}

// Setting returns the SetSetting action the UI sends for the group-change
// toggle.
func (t Toggle) Setting() SetSetting {
	return SetSetting{Setting: SettingPreserveOnGroupChange, On: t.on, Ack: t.Acknowledged()}
}

// Delete returns the DeleteTemplate action the UI sends for a template
// delete with this toggle as its preserve choice.
func (t Toggle) Delete(template string) DeleteTemplate {
	return DeleteTemplate{Template: template, PreserveOff: !t.on, Ack: t.Acknowledged()}
}
