package plx

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func decodePNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	must(t, err)
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}

// wav is what the tests read back from a 16-bit PCM WAV file.
type wav struct {
	channels, sampleRate int
	samples              []int16
}

func decodeWAV(t *testing.T, path string) wav {
	t.Helper()
	data, err := os.ReadFile(path)
	must(t, err)
	if len(data) < 12 || string(data[:4]) != "RIFF" || string(data[8:12]) != "WAVE" {
		t.Fatalf("%s is not a WAV file", path)
	}
	var w wav
	for chunk := data[12:]; len(chunk) >= 8; {
		id, size := string(chunk[:4]), int(binary.LittleEndian.Uint32(chunk[4:8]))
		body := chunk[8 : 8+size]
		switch id {
		case "fmt ":
			if format, bits := binary.LittleEndian.Uint16(body[0:]),
				binary.LittleEndian.Uint16(body[14:]); format != 1 || bits != 16 {
				t.Fatalf("%s: format %d, %d bits, want 16-bit PCM", path, format, bits)
			}
			w.channels = int(binary.LittleEndian.Uint16(body[2:]))
			w.sampleRate = int(binary.LittleEndian.Uint32(body[4:]))
		case "data":
			w.samples = make([]int16, size/2)
			must(t, binary.Read(bytes.NewReader(body), binary.LittleEndian, w.samples))
		}
		chunk = chunk[8+size+size%2:]
	}
	return w
}

func TestImages(t *testing.T) {
	run, dir := openRun(t)
	rgb := make([]byte, 3*4*3) // 3 rows of 4 pixels
	for i := range rgb {
		rgb[i] = byte(i * 7)
	}
	gray := make([]float32, 2*2)
	for i := range gray {
		gray[i] = float32(i) / 3
	}
	goImage := image.NewNRGBA(image.Rect(10, 10, 12, 11))
	goImage.Set(10, 10, color.NRGBA{1, 2, 3, 4})
	goImage.Set(11, 10, color.NRGBA{5, 6, 7, 255})
	goGray := image.NewGray(image.Rect(0, 0, 3, 2))
	goGray.Pix[4] = 200

	must(t, run.LogImage("pattern", rgb, 3, 4, 3, 1))
	must(t, run.LogImageFloat("gray", gray, 2, 2, 1, 1))
	must(t, run.LogGoImage("nrgba", goImage, 1))
	must(t, run.LogGoImage("graygo", goGray.SubImage(image.Rect(1, 1, 3, 2)), 1))
	must(t, run.LogImageFile("copied", filepath.Join(dir, "assets/image/pattern_1.png"), 2))
	must(t, run.LogImage("latest", rgb[:4], 1, 1, 4, NoStep))
	closeRun(t, run)

	img := decodePNG(t, filepath.Join(dir, "assets/image/pattern_1.png"))
	if b := img.Bounds(); b.Dx() != 4 || b.Dy() != 3 {
		t.Fatalf("pattern is %v, want 4x3", b)
	}
	for y := 0; y < 3; y++ {
		for x := 0; x < 4; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			i := (y*4 + x) * 3
			if byte(r>>8) != rgb[i] || byte(g>>8) != rgb[i+1] || byte(b>>8) != rgb[i+2] {
				t.Fatalf("pixel (%d, %d) = %d %d %d, want %v", x, y, r>>8, g>>8, b>>8,
					rgb[i:i+3])
			}
		}
	}
	grayImg := decodePNG(t, filepath.Join(dir, "assets/image/gray_1.png"))
	for i, want := range []uint8{0, 85, 170, 255} {
		if got := color.GrayModel.Convert(grayImg.At(i%2, i/2)).(color.Gray).Y; got != want {
			t.Errorf("gray pixel %d = %d, want %d", i, got, want)
		}
	}
	nrgba := decodePNG(t, filepath.Join(dir, "assets/image/nrgba_1.png"))
	if got := color.NRGBAModel.Convert(nrgba.At(0, 0)); got != (color.NRGBA{1, 2, 3, 4}) {
		t.Errorf("nrgba pixel = %v", got)
	}
	graygo := decodePNG(t, filepath.Join(dir, "assets/image/graygo_1.png"))
	if b := graygo.Bounds(); b.Dx() != 2 || b.Dy() != 1 ||
		color.GrayModel.Convert(graygo.At(0, 0)).(color.Gray).Y != 200 {
		t.Errorf("gray sub-image %v, pixel %v", b, graygo.At(0, 0))
	}
	copied, err := os.ReadFile(filepath.Join(dir, "assets/image/copied_2.png"))
	must(t, err)
	original, err := os.ReadFile(filepath.Join(dir, "assets/image/pattern_1.png"))
	must(t, err)
	if !bytes.Equal(copied, original) {
		t.Error("copied image differs from its source")
	}
	if !exists(filepath.Join(dir, "assets/image/latest.png")) {
		t.Error("an image with NoStep has no step suffix")
	}

	type imagePayload struct {
		Height, Width, Colorspace int
		Path                      string
	}
	got := payloads[imagePayload](t, dir, "image", "pattern")
	if want := []imagePayload{{3, 4, 3, "assets/image/pattern_1.png"}}; !reflect.DeepEqual(got,
		want) {
		t.Errorf("image rows %+v, want %+v", got, want)
	}
}

func TestAudio(t *testing.T) {
	run, dir := openRun(t)
	tone := make([]float32, 800)
	for i := range tone {
		tone[i] = float32(0.5 * math.Sin(2*math.Pi*440*float64(i)/8000))
	}
	stereo := make([]int16, 2*100)
	for i := range stereo {
		stereo[i] = int16(i * 100)
	}
	clip := writeFile(t, t.TempDir(), "clip.mp4", "not really a video")

	must(t, run.LogAudio("tone", tone, 1, 8000, 1))
	must(t, run.LogAudioInt16("stereo", stereo, 2, 16000, 1))
	tonePath := filepath.Join(dir, "assets/audio/tone_1.wav")
	must(t, run.LogAudioFile("tone_copy", tonePath, "audio/wav", 2))
	must(t, run.LogVideoFile("", clip, "", 1))
	must(t, run.LogVideoFile("typed", clip, "video/mp4", 1))
	closeRun(t, run)

	w := decodeWAV(t, tonePath)
	if w.channels != 1 || w.sampleRate != 8000 || len(w.samples) != 800 {
		t.Fatalf("tone: %d channels, %d Hz, %d samples", w.channels, w.sampleRate,
			len(w.samples))
	}
	for i, s := range w.samples {
		if want := float64(tone[i]) * 32767; math.Abs(float64(s)-want) > 1.5 {
			t.Fatalf("tone sample %d = %d, want about %.1f", i, s, want)
		}
	}
	w = decodeWAV(t, filepath.Join(dir, "assets/audio/stereo_1.wav"))
	if w.channels != 2 || w.sampleRate != 16000 || !reflect.DeepEqual(w.samples, stereo) {
		t.Fatalf("stereo: %d channels, %d Hz, samples equal: %v", w.channels, w.sampleRate,
			reflect.DeepEqual(w.samples, stereo))
	}

	type audioPayload struct {
		SampleRate   float64 `json:"sample_rate"`
		NumChannels  int     `json:"num_channels"`
		LengthFrames int     `json:"length_frames"`
		Path         string
		ContentType  string `json:"content_type"`
	}
	if got := payloads[audioPayload](t, dir, "audio", "stereo"); len(got) != 1 ||
		got[0] != (audioPayload{16000, 2, 100, "assets/audio/stereo_1.wav", "audio/wav"}) {
		t.Errorf("stereo rows %+v", got)
	}
	if got := payloads[audioPayload](t, dir, "audio", "tone_copy"); len(got) != 1 ||
		got[0].Path != "assets/audio/tone_copy_2.wav" || got[0].ContentType != "audio/wav" {
		t.Errorf("tone_copy rows %+v", got)
	}
	type videoPayload struct{ Path, ContentType string }
	if got := payloads[videoPayload](t, dir, "video", "clip"); len(got) != 1 ||
		got[0].Path != "assets/video/clip_1.mp4" {
		t.Errorf("clip rows %+v", got)
	}
	video, err := os.ReadFile(filepath.Join(dir, "assets/video/typed_1.mp4"))
	if err != nil || string(video) != "not really a video" {
		t.Errorf("typed video: %q, %v", video, err)
	}
}

func TestModelsArtifactsDataframes(t *testing.T) {
	run, dir := openRun(t)
	scratch := t.TempDir()
	writeFile(t, scratch, "net/weights.bin", "\x01\x02\x03")
	writeFile(t, scratch, "net/config.json", "{}")
	clf := writeFile(t, scratch, "clf.pkl", "pickle")
	split := writeFile(t, scratch, "split.txt", "train,test")
	table := writeFile(t, scratch, "table.html", "<table><tr><td>1</td></tr></table>")

	must(t, run.LogModel("net", filepath.Join(scratch, "net"), "pytorch", nil, 1))
	must(t, run.LogModel("clf", clf, "sklearn", map[string]any{"n_estimators": 10}, 1))
	must(t, run.LogModel("final", filepath.Join(scratch, "net"), "pytorch",
		map[string]any{"layers": 3}, NoStep))
	must(t, run.LogArtifact("split", split, "data", 1))
	must(t, run.LogArtifact("split_copy", split, "", NoStep))
	must(t, run.LogDataframeCSV("scores", "a,b\n1,2\n", 1))
	must(t, run.LogDataframeFile("", table, 2))
	closeRun(t, run)

	for path, want := range map[string]string{
		"assets/model/net_1/weights.bin": "\x01\x02\x03",
		"assets/model/clf_1.pkl":         "pickle",
		"outputs/net/config.json":        "{}",
		"assets/data/split_1.txt":        "train,test",
		"outputs/split.txt":              "train,test",
		"assets/dataframe/scores_1.csv":  "a,b\n1,2\n",
		"assets/dataframe/table_2.html":  "<table><tr><td>1</td></tr></table>",
	} {
		got, err := os.ReadFile(filepath.Join(dir, path))
		if err != nil || string(got) != want {
			t.Errorf("%s: %q, %v; want %q", path, got, err, want)
		}
	}

	type modelPayload struct {
		Framework, Path string
		Spec            map[string]any
	}
	if got := payloads[modelPayload](t, dir, "model", "clf"); len(got) != 1 ||
		got[0].Framework != "sklearn" || got[0].Spec["n_estimators"] != 10.0 {
		t.Errorf("clf rows %+v", got)
	}
	refs := readLineages(t, dir)
	if final := refs["final"]; final.Kind != "model" || final.Path != "outputs/net" ||
		final.Summary["framework"] != "pytorch" || final.Summary["layers"] != 3.0 {
		t.Errorf("final model ref %+v", final)
	}
	if ref := refs["split_copy"]; ref.Kind != "file" || ref.Path != "outputs/split.txt" {
		t.Errorf("split_copy ref %+v", ref)
	}
	type dataframePayload struct{ Path, ContentType string }
	if got := payloads[dataframePayload](t, dir, "dataframe", "table"); len(got) != 1 ||
		got[0].Path != "assets/dataframe/table_2.html" {
		t.Errorf("table rows %+v", got)
	}
}

func TestAssetRefusals(t *testing.T) {
	run, dir := openRun(t)
	pixels := make([]byte, 8*8*3)
	scratch := t.TempDir()
	notes := writeFile(t, scratch, "notes.txt", "x")

	wantStatus(t, run.LogImage("i", pixels, 8, 8, 4, 1), ErrShapeMismatch)
	wantStatus(t, run.LogImage("i", pixels[:10], 8, 8, 3, 1), ErrShapeMismatch)
	wantStatus(t, run.LogImage("i", pixels, 0, 8, 3, 1), ErrEmpty)
	wantStatus(t, run.LogImage("i", pixels, -8, 8, 3, 1), ErrInvalidArgument)
	wantStatus(t, run.LogImage("i", pixels, 1<<31, 1<<31, 3, 1), ErrShapeMismatch)
	wantStatus(t, run.LogImage("i", pixels, math.MaxUint32, math.MaxUint32, 4, 1), ErrLimit)
	wantStatus(t, run.LogImage("i", pixels, math.MaxUint32+1, 1, 3, 1), ErrInvalidArgument)
	wantStatus(t, run.LogImage("i", pixels[:8*8*2], 8, 8, 2, 1), ErrInvalidArgument)
	wantStatus(t, run.LogImageFloat("i", []float32{float32(math.NaN())}, 1, 1, 1, 1),
		ErrInvalidArgument)
	wantStatus(t, run.LogImageFile("i", filepath.Join(scratch, "none.png"), 1), ErrNotFound)
	wantStatus(t, run.LogAudio("a", make([]float32, 3), 2, 8000, 1), ErrShapeMismatch)
	wantStatus(t, run.LogAudio("a", make([]float32, 4), 2, 0, 1), ErrEmpty)
	wantStatus(t, run.LogAudio("a", make([]float32, 4), 0, 8000, 1), ErrEmpty)
	wantStatus(t, run.LogAudioInt16("a", nil, 1, 8000, 1), ErrEmpty)
	wantStatus(t, run.LogAudioFile("a", filepath.Join(scratch, "none.wav"), "", 1), ErrNotFound)
	wantStatus(t, run.LogVideoFile("v", filepath.Join(scratch, "none.mp4"), "", 1), ErrNotFound)
	wantStatus(t, run.LogModel("m", filepath.Join(scratch, "none"), "", nil, 1), ErrNotFound)
	wantStatus(t, run.LogModel("m", notes, "", map[string]any{"x": math.Inf(1)}, 1),
		ErrInvalidJSON)
	wantStatus(t, run.LogArtifact("a", notes, "text", 1), ErrInvalidArgument)
	wantStatus(t, run.LogArtifact("a", filepath.Join(scratch, "none"), "", 1), ErrNotFound)
	wantStatus(t, run.LogDataframeFile("d", notes, 1), ErrInvalidArgument)
	wantStatus(t, run.LogDataframeCSV("d", "", 1), ErrEmpty)
	closeRun(t, run)

	for _, sub := range []string{"assets", "events"} {
		entries, err := os.ReadDir(filepath.Join(dir, sub))
		must(t, err)
		if len(entries) != 0 {
			t.Errorf("refused calls wrote into %s/: %v", sub, entries)
		}
	}
}
