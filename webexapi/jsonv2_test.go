//go:build goexperiment.jsonv2

package webexapi

const jsonV2 = true // GOEXPERIMENT=jsonv2: encoding/json runs on v2
