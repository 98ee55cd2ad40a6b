// Command heat is a small but real simulation tracked with plx, the Go twin of examples/heat.c.
//
// It solves the 2-D heat equation on a grid with an explicit finite-difference scheme: a hot
// square in the middle of a cold plate spreads out while the edges stay at zero. Along the way
// it logs what a simulation engineer logs: its parameters as inputs, a reference to its input
// configuration, a few metrics per step, an image and a histogram of the field every few steps,
// a checkpoint as a versioned model asset, and final outputs.
//
// Usage:
//
//	heat [-config file] [-root dir]
//
// -config is a key = value file such as examples/heat.cfg (default: built-in parameters);
// -root is where runs go (default: $POLYAXON_OFFLINE_ROOT, else /tmp/plx/offline).
package main

import (
	"bufio"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	plx "github.com/plx-tracking/plx/bindings/go"
)

type params struct {
	NX, NY, Steps, SnapshotEvery int
	Alpha, SourceTemperature     float64
}

func defaultParams() params {
	return params{NX: 96, NY: 96, Steps: 400, SnapshotEvery: 50, Alpha: 0.24,
		SourceTemperature: 100}
}

// readParams reads key = value lines over the defaults; '#' starts a comment line.
func readParams(r io.Reader) (params, error) {
	p := defaultParams()
	scanner := bufio.NewScanner(r)
	for scanner.Scan() {
		line := strings.TrimSpace(scanner.Text())
		key, text, ok := strings.Cut(line, "=")
		if line == "" || line[0] == '#' || !ok {
			continue
		}
		value, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
		if err != nil {
			return p, fmt.Errorf("%q: %w", line, err)
		}
		switch strings.TrimSpace(key) {
		case "nx":
			p.NX = int(value)
		case "ny":
			p.NY = int(value)
		case "alpha":
			p.Alpha = value
		case "steps":
			p.Steps = int(value)
		case "snapshot_every":
			p.SnapshotEvery = int(value)
		case "source_temperature":
			p.SourceTemperature = value
		}
	}
	if err := scanner.Err(); err != nil {
		return p, err
	}
	if p.NX <= 2 || p.NY <= 2 || p.Steps <= 0 || p.SnapshotEvery <= 0 || p.Alpha <= 0 ||
		p.Alpha > 0.25 {
		return p, errors.New("parameters out of range (the scheme is stable for alpha <= 0.25)")
	}
	return p, nil
}

// diffuse does one explicit step: next = field + alpha * laplacian(field); edges stay at zero.
func diffuse(p params, field, next []float64) {
	for y := 0; y < p.NY; y++ {
		for x := 0; x < p.NX; x++ {
			i := y*p.NX + x
			if x == 0 || y == 0 || x == p.NX-1 || y == p.NY-1 {
				next[i] = 0
				continue
			}
			next[i] = field[i] + p.Alpha*(field[i-1]+field[i+1]+field[i-p.NX]+field[i+p.NX]-
				4*field[i])
		}
	}
}

// toPixels maps temperatures to a black-red-yellow-white scale, 3 bytes a pixel.
func toPixels(p params, field []float64, rgb []byte) {
	for i, v := range field {
		t := math.Max(0, math.Min(1, v/p.SourceTemperature))
		rgb[3*i] = byte(255 * math.Min(1, 3*t))
		rgb[3*i+1] = byte(255 * math.Min(1, math.Max(0, 3*t-1)))
		rgb[3*i+2] = byte(255 * math.Max(0, 3*t-2))
	}
}

func totalHeat(field []float64) float64 {
	sum := 0.0
	for _, v := range field {
		sum += v
	}
	return sum
}

func peak(field []float64) float64 {
	top := 0.0
	for _, v := range field {
		top = math.Max(top, v)
	}
	return top
}

// summary is what the simulation reports once its run is closed.
type summary struct {
	RunDir      string
	Steps       int
	Images      int
	FinalPeak   float64
	FinalTotal  float64
	Checkpoints int
}

// simulate runs the simulation, tracked in a new run under root ("" for the default root).
// configPath, when not "", is recorded as the run's input configuration.
func simulate(p params, configPath, root string) (s summary, err error) {
	field := make([]float64, p.NX*p.NY)
	next := make([]float64, p.NX*p.NY)
	rgb := make([]byte, 3*p.NX*p.NY)
	for y := p.NY * 2 / 5; y < p.NY*3/5; y++ {
		for x := p.NX * 2 / 5; x < p.NX*3/5; x++ {
			field[y*p.NX+x] = p.SourceTemperature
		}
	}
	initialHeat := totalHeat(field)

	run, err := plx.Open(root, "examples/heat")
	if err != nil {
		return s, err
	}
	defer func() {
		if closeErr := run.Close(); err == nil {
			err = closeErr
		}
	}()
	if err := run.SetName("heat-diffusion"); err != nil {
		return s, err
	}
	if err := run.SetDescription("2-D heat diffusion, explicit scheme (Go)"); err != nil {
		return s, err
	}
	if err := run.LogTags("example", "heat-diffusion", "go"); err != nil {
		return s, err
	}
	inputs := map[string]any{"nx": p.NX, "ny": p.NY, "alpha": p.Alpha, "steps": p.Steps,
		"source_temperature": p.SourceTemperature}
	if err := run.LogInputs(inputs); err != nil {
		return s, err
	}
	if configPath != "" {
		ref := plx.RefOptions{Name: "config", IsInput: true}
		if err := run.LogFileRef(configPath, ref); err != nil {
			return s, err
		}
	}

	for step := 0; step <= p.Steps; step++ {
		if step > 0 {
			diffuse(p, field, next)
			field, next = next, field
		}
		total := totalHeat(field)
		err := run.LogMetrics(map[string]float64{
			"heat/total":         total,
			"heat/peak":          peak(field),
			"heat/lost_fraction": 1 - total/initialHeat,
		}, int64(step))
		if err != nil {
			return s, err
		}
		if step%p.SnapshotEvery == 0 {
			toPixels(p, field, rgb)
			if err := run.LogImage("field", rgb, p.NY, p.NX, 3, int64(step)); err != nil {
				return s, err
			}
			if err := run.LogHistogram("temperature", field, 32, int64(step)); err != nil {
				return s, err
			}
			s.Images++
		}
		if err := run.LogProgress(float64(step) / float64(p.Steps)); err != nil {
			return s, err
		}
	}

	checkpoint, err := run.OutputsPath("checkpoint/field.bin")
	if err != nil {
		return s, err
	}
	if err := writeField(checkpoint, field); err != nil {
		return s, err
	}
	if err := run.LogModel("field", checkpoint, "raw-float64", inputs, int64(p.Steps)); err != nil {
		return s, err
	}
	s.Checkpoints++
	s.Steps, s.FinalPeak, s.FinalTotal = p.Steps, peak(field), totalHeat(field)
	if err := run.LogOutputs(map[string]any{"final_peak": s.FinalPeak,
		"final_total": s.FinalTotal}); err != nil {
		return s, err
	}
	s.RunDir, err = run.Dir()
	return s, err
}

func writeField(path string, field []float64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := binary.Write(f, binary.LittleEndian, field); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func main() {
	configPath := flag.String("config", "", "key = value parameter file (default: built in)")
	root := flag.String("root", "", "offline root (default: $POLYAXON_OFFLINE_ROOT)")
	flag.Parse()

	p := defaultParams()
	if *configPath != "" {
		f, err := os.Open(*configPath)
		if err != nil {
			fmt.Fprintln(os.Stderr, "heat:", err)
			os.Exit(1)
		}
		p, err = readParams(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(os.Stderr, "heat: cannot use the parameters in %s: %v\n", *configPath, err)
			os.Exit(1)
		}
	}

	s, err := simulate(p, *configPath, *root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "heat:", err)
		os.Exit(1)
	}
	fmt.Printf("run written to %s\n", s.RunDir)
	fmt.Printf("  inputs:   nx=%d ny=%d alpha=%g steps=%d source_temperature=%g\n",
		p.NX, p.NY, p.Alpha, p.Steps, p.SourceTemperature)
	fmt.Printf("  metrics:  heat/total, heat/peak, heat/lost_fraction at %d steps\n", s.Steps+1)
	fmt.Printf("  images:   %d snapshots of the field (assets/image/field_<step>.png)\n", s.Images)
	fmt.Printf("  histos:   %d histograms of the temperature\n", s.Images)
	fmt.Printf("  models:   %d checkpoint (assets/model/field_%d.bin)\n", s.Checkpoints, s.Steps)
	fmt.Printf("  outputs:  final_peak = %.4f, final_total = %.2f\n", s.FinalPeak, s.FinalTotal)
}
