//go:build !goexperiment.jsonv2

package webexapi

const jsonV2 = false // encoding/json is the v1 implementation
