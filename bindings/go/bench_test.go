package plx

import (
	"testing"
)

// BenchmarkLogMetric measures the cost of one LogMetric call: the Go checks, the cgo call,
// and the library formatting the row and handing it to the run's writer thread.
func BenchmarkLogMetric(b *testing.B) {
	run, _ := openRun(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if err := run.LogMetric("train/loss", 0.5, int64(i)); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	closeRun(b, run)
}

// BenchmarkLogMetricParallel is LogMetric from GOMAXPROCS goroutines into one run.
func BenchmarkLogMetricParallel(b *testing.B) {
	run, _ := openRun(b)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for i := int64(0); pb.Next(); i++ {
			if err := run.LogMetric("train/loss", 0.5, i); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	closeRun(b, run)
}
