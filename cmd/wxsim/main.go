// Command wxsim runs wxlicense simulation scenarios (package sim).
//
// Usage:
//
//	wxsim                                   run the embedded default scenario, print its summary
//	wxsim run FILE [-seed N] [-until 365d] [-trace out.jsonl] [-log out.log]
//	wxsim check FILE                        parse and validate only
//	wxsim replay TRACE                      re-run a trace's scenario and seed; compare byte for byte
//	wxsim shrink TRACE [-o min.scn]         write a smaller scenario that fails the same way
//	wxsim sweep FILE -seeds 1..1000 [-shard i/n] [-j N]
//
// Exit codes: 0 the run passed; 1 an expectation or invariant failed (or a
// replay diverged); 2 a usage, I/O or parse error, including an error
// writing to stdout, whatever the run found. Help ("wxsim -h",
// "wxsim run -h", ...) prints the usage on stdout and exits 0.
//
// A sweep runs one independent simulation per seed on all cores. With
// -shard i/n it runs only the seeds whose index in the range is i modulo n,
// so that a batch engine (Kubernetes Indexed Jobs, Slurm job arrays, GNU
// parallel) can split a sweep across machines: shard i of n takes i from
// the engine's index variable.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wxlicense/wxlicense/sim"
)

const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run runs the command of args. An error writing to stdout (a closed pipe,
// a full disk) is an I/O error: exit 2 whatever the command found, as its
// output may be cut short.
func run(args []string, stdout, stderr io.Writer) int {
	out := &checkedWriter{w: stdout}
	code := dispatch(args, out, stderr)
	if out.err != nil {
		fmt.Fprintln(stderr, "wxsim: writing output:", out.err)
		return exitUsage
	}
	return code
}

// checkedWriter keeps the first error of its writer, and writes nothing
// after it.
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	c.err = err
	return n, err
}

func dispatch(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		return runScenario(sim.DefaultScenario(), 0, false, "", "", stdout, stderr)
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "run":
		return cmdRun(rest, stdout, stderr)
	case "check":
		return cmdCheck(rest, stdout, stderr)
	case "replay":
		return cmdReplay(rest, stdout, stderr)
	case "shrink":
		return cmdShrink(rest, stdout, stderr)
	case "sweep":
		return cmdSweep(rest, stdout, stderr)
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return exitOK
	}
	fmt.Fprintf(stderr, "wxsim: unknown command %q\n", cmd)
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage:
  wxsim                                 run the embedded default scenario
  wxsim run FILE [-seed N] [-until 365d] [-trace out.jsonl] [-log out.log]
  wxsim check FILE
  wxsim replay TRACE
  wxsim shrink TRACE [-o min.scn]
  wxsim sweep FILE -seeds 1..1000 [-shard i/n] [-j N]
exit codes: 0 ok, 1 expectation or invariant failed, 2 usage, I/O or parse error
`)
}

// newFlagSet returns the flag set of command name, whose usage is
// "wxsim name" and then synopsis.
func newFlagSet(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: wxsim %s %s\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseArgs splits FILE from flags, in either order. When it returns
// false the command ends with the exit code it returns: exitOK after -h,
// which prints the usage on stdout as "wxsim -h" does, else exitUsage
// after the error and the usage on stderr.
func parseArgs(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (string, int, bool) {
	var msg bytes.Buffer
	fs.SetOutput(&msg)
	var pos []string
	for len(args) > 0 {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			stdout.Write(msg.Bytes())
			return "", exitOK, false
		}
		if err != nil {
			stderr.Write(msg.Bytes())
			return "", exitUsage, false
		}
		args = fs.Args()
		if len(args) > 0 {
			pos, args = append(pos, args[0]), args[1:]
		}
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "wxsim %s: want one file, got %d\n", fs.Name(), len(pos))
		return "", exitUsage, false
	}
	return pos[0], exitOK, true
}

func load(file string, stderr io.Writer) (*sim.Scenario, bool) {
	src, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintln(stderr, "wxsim:", err)
		return nil, false
	}
	sc, err := sim.Parse(file, src)
	if err != nil {
		fmt.Fprintln(stderr, "wxsim:", err)
		return nil, false
	}
	return sc, true
}

func cmdRun(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("run", "FILE [-seed N] [-until 365d] [-trace out.jsonl] [-log out.log]")
	seed := fs.Uint64("seed", 0, "the seed (default: the scenario's)")
	until := fs.String("until", "", "the run's end, e.g. 365d (default: the scenario's)")
	trace := fs.String("trace", "", "write the JSON Lines trace to this file")
	logf := fs.String("log", "", "write the human log to this file (- for stdout)")
	file, code, ok := parseArgs(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	sc, ok := load(file, stderr)
	if !ok {
		return exitUsage
	}
	if *until != "" {
		d, err := sim.ParseDuration(*until)
		if err != nil {
			fmt.Fprintln(stderr, "wxsim:", err)
			return exitUsage
		}
		sc.Until = d
	}
	for _, out := range []string{*trace, *logf} {
		if sameFile(out, file) {
			fmt.Fprintf(stderr, "wxsim run: %s is the scenario; the trace or log would overwrite it\n", out)
			return exitUsage
		}
	}
	seedSet := false
	fs.Visit(func(f *flag.Flag) { seedSet = seedSet || f.Name == "seed" })
	return runScenario(sc, *seed, seedSet, *trace, *logf, stdout, stderr)
}

// sameFile reports whether both paths name one existing file.
func sameFile(a, b string) bool {
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(fa, fb)
}

// createOutput creates a -trace or -log file. Tests replace it to fake a
// file whose Close fails, as on a full disk.
var createOutput = func(path string) (io.WriteCloser, error) { return os.Create(path) }

// output is a -trace or -log file a run writes.
type output struct {
	flag, path string
	w          io.WriteCloser
}

// runScenario runs sc writing the -trace and -log files, which it closes:
// a file it cannot write or close fully is an I/O error (exit 2) naming
// the file, for the trace or log may have lost its tail.
func runScenario(sc *sim.Scenario, seed uint64, seedSet bool, tracePath, logPath string, stdout, stderr io.Writer) int {
	if !seedSet {
		seed = sc.Seed
	}
	opts := sim.Options{}
	var outs []output
	for _, o := range []struct {
		flag, path string
		dst        *io.Writer
	}{{"-trace", tracePath, &opts.Trace}, {"-log", logPath, &opts.Log}} {
		switch o.path {
		case "":
		case "-":
			*o.dst = stdout
		default:
			w, err := createOutput(o.path)
			if err != nil {
				closeOutputs(outs) // nothing written yet, and the run fails anyway
				fmt.Fprintln(stderr, "wxsim:", err)
				return exitUsage
			}
			outs = append(outs, output{o.flag, o.path, w})
			*o.dst = w
		}
	}
	code := simulate(sc, seed, opts, stdout, stderr)
	if err := closeOutputs(outs); err != nil {
		fmt.Fprintln(stderr, "wxsim:", err)
		return exitUsage
	}
	return code
}

// closeOutputs closes every file, and returns their errors, each naming
// its flag and file.
func closeOutputs(outs []output) error {
	var errs []error
	for _, o := range outs {
		if err := o.w.Close(); err != nil {
			errs = append(errs, fmt.Errorf("%s %s: %w", o.flag, o.path, err))
		}
	}
	return errors.Join(errs...)
}

// simulate runs sc with opts, showing progress on stderr and the summary
// on stdout, and returns the run's exit code.
func simulate(sc *sim.Scenario, seed uint64, opts sim.Options, stdout, stderr io.Writer) int {
	start := time.Now()
	p := progress{w: stderr, start: start, until: sc.Until}
	opts.Progress = p.report
	res, err := sim.Run(sc, seed, opts)
	p.done()
	if res == nil {
		fmt.Fprintln(stderr, "wxsim:", err)
		return exitUsage
	}
	fmt.Fprint(stdout, res.Summary.String())
	elapsed := time.Since(start)
	fmt.Fprintf(stdout, "wall time %s, %.0f events/s\n", elapsed.Round(time.Millisecond), float64(res.Events)/elapsed.Seconds())
	if errors.Is(err, sim.ErrFailed) {
		return exitFailed
	}
	if err != nil {
		fmt.Fprintln(stderr, "wxsim:", err)
		return exitUsage
	}
	return exitOK
}

// progress prints one progress line on stderr, rewritten in place, for
// runs over two seconds of wall time.
type progress struct {
	w     io.Writer
	start time.Time
	last  time.Time
	until time.Duration
	shown bool
}

func (p *progress) report(now time.Duration, events int) {
	t := time.Now()
	if t.Sub(p.start) < 2*time.Second || t.Sub(p.last) < 200*time.Millisecond {
		return
	}
	p.last, p.shown = t, true
	fmt.Fprintf(p.w, "\rvirtual %s of %s, %d events, %s", sim.FormatDuration(now), sim.FormatDuration(p.until),
		events, t.Sub(p.start).Round(time.Second))
}

func (p *progress) done() {
	if p.shown {
		fmt.Fprintln(p.w)
	}
}

func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", "FILE")
	file, code, ok := parseArgs(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	sc, ok := load(file, stderr)
	if !ok {
		return exitUsage
	}
	fmt.Fprintf(stdout, "%s: ok, %d statements\n", file, len(sc.Statements))
	return exitOK
}

func cmdReplay(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("replay", "TRACE")
	file, code, ok := parseArgs(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	trace, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintln(stderr, "wxsim:", err)
		return exitUsage
	}
	res, err := sim.Replay(trace)
	if res == nil {
		fmt.Fprintf(stderr, "wxsim: %s: %v\n", file, err)
		return exitUsage
	}
	if errors.Is(err, sim.ErrDiverged) {
		fmt.Fprintf(stderr, "wxsim: %s: %v\n", file, err)
		return exitFailed
	}
	fmt.Fprintf(stdout, "replayed %s identically\n", file)
	fmt.Fprint(stdout, res.Summary.String())
	if res.Failure != nil {
		return exitFailed
	}
	return exitOK
}

func cmdShrink(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("shrink", "TRACE [-o min.scn]")
	out := fs.String("o", "", "write the minimal scenario to this file (default: stdout)")
	file, code, ok := parseArgs(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	trace, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintln(stderr, "wxsim:", err)
		return exitUsage
	}
	sc, seed, err := sim.TraceHeader(trace)
	if err != nil {
		fmt.Fprintf(stderr, "wxsim: %s: %v\n", file, err)
		return exitUsage
	}
	min, runs, err := sim.Shrink(sc, seed)
	if err != nil {
		fmt.Fprintf(stderr, "wxsim: %s: %v\n", file, err)
		return exitUsage
	}
	fmt.Fprintf(stderr, "wxsim: shrunk %d to %d lines in %d runs (seed %d)\n",
		bytes.Count(sc.Source(), []byte("\n")), bytes.Count(min, []byte("\n")), runs, seed)
	if *out == "" {
		stdout.Write(min)
		return exitOK
	}
	if err := os.WriteFile(*out, min, 0o644); err != nil {
		fmt.Fprintln(stderr, "wxsim:", err)
		return exitUsage
	}
	return exitOK
}

func cmdSweep(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("sweep", "FILE -seeds 1..1000 [-shard i/n] [-j N]")
	seeds := fs.String("seeds", "1..100", "the seeds, as FIRST..LAST")
	shard := fs.String("shard", "0/1", "run shard i of n (i from 0): the seeds whose index is i modulo n")
	jobs := fs.Int("j", runtime.GOMAXPROCS(0), "parallel runs")
	file, code, ok := parseArgs(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	sc, ok := load(file, stderr)
	if !ok {
		return exitUsage
	}
	list, err := sweepSeeds(*seeds, *shard)
	if err == nil && *jobs < 1 {
		err = fmt.Errorf("bad -j %d: want 1 or more", *jobs)
	}
	if err != nil {
		fmt.Fprintln(stderr, "wxsim sweep:", err)
		return exitUsage
	}
	results := sweep(sc, list, *jobs)
	failed, erred, unstarted := 0, 0, ""
	for i, r := range results {
		if r.Failure != nil {
			failed++
			fmt.Fprintf(stdout, "seed %d: %s\n", list[i], r.Summary.Result)
		}
		if r.Failure != nil && r.Failure.Kind == "error" && unstarted == "" {
			unstarted = fmt.Sprintf("seed %d: %s", list[i], r.Failure.Detail)
		}
		if r.Summary.Errors > 0 {
			erred++
		}
	}
	fmt.Fprintf(stdout, "%d runs, %d failed\n", len(list), failed)
	if erred > 0 { // they pass, but a scenario line did not do what it says
		fmt.Fprintf(stdout, "%d runs had events that could not be carried out (wxsim run FILE -seed N shows them)\n", erred)
	}
	if unstarted != "" { // as run: a scenario that cannot start is no failed run
		fmt.Fprintln(stderr, "wxsim sweep:", unstarted)
		return exitUsage
	}
	if failed > 0 {
		return exitFailed
	}
	return exitOK
}

// sweep runs one simulation per seed on jobs goroutines; each run is
// independent and single-threaded, so results do not depend on scheduling.
func sweep(sc *sim.Scenario, seeds []uint64, jobs int) []*sim.Result {
	out := make([]*sim.Result, len(seeds))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(jobs, len(seeds)) {
		wg.Go(func() {
			for i := range next {
				res, err := sim.Run(sc, seeds[i], sim.Options{})
				if res == nil {
					res = &sim.Result{Seed: seeds[i], Failure: &sim.Failure{Kind: "error", Detail: err.Error()}}
					res.Summary.Result = err.Error()
				}
				out[i] = res
			}
		})
	}
	for i := range seeds {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

func sweepSeeds(seeds, shard string) ([]uint64, error) {
	a, b, ok := strings.Cut(seeds, "..")
	first, err1 := strconv.ParseUint(a, 10, 64)
	last, err2 := strconv.ParseUint(b, 10, 64)
	if !ok || err1 != nil || err2 != nil || last < first || last-first > 10_000_000 {
		return nil, fmt.Errorf("bad -seeds %q: want FIRST..LAST", seeds)
	}
	is, ns, ok := strings.Cut(shard, "/")
	i, err1 := strconv.ParseUint(is, 10, 64)
	n, err2 := strconv.ParseUint(ns, 10, 64)
	if !ok || err1 != nil || err2 != nil || n == 0 || i >= n {
		return nil, fmt.Errorf("bad -shard %q: want i/n with 0 <= i < n", shard)
	}
	var out []uint64
	for k := uint64(0); k <= last-first; k++ { // by offset: last may be the largest uint64
		if k%n == i {
			out = append(out, first+k)
		}
	}
	return out, nil
}
