module github.com/plx-tracking/plx/bindings/go

go 1.24
