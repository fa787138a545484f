// Command nilcheck exercises Go run-time panics that are recovered with
// recover(). Some of them only work when the operating system turns a memory
// fault into a signal: the Go compiler leaves out explicit nil checks where
// the hardware faults anyway, the fault becomes SIGSEGV, and the runtime's
// signal handler redirects the goroutine to runtime.sigpanic, which panics.
// debug.SetPanicOnFault extends this to faults at other addresses (here
// 0x4000), and the recovered error then carries si_addr. Others (nil map write, index out of
// range, integer division by zero) are checked by compiled code and never
// involve a signal; they are here for contrast. For division, Go on mips
// tests the divisor itself (beqz to runtime.panicdivide before the div; the
// 64-bit division is a runtime routine that checks too): no trap
// instruction, no SIGFPE. MinInt32 / -1 relies on what `div` leaves in LO
// on overflow (no exception; Go expects MinInt32). Everything printed is
// also hashed and committed to fd 3.
package main

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"unsafe"
)

var out strings.Builder

// report receives every line printed: stdout and the buffer that is hashed.
var report = io.MultiWriter(os.Stdout, &out)

func say(format string, args ...interface{}) {
	fmt.Fprintf(report, format+"\n", args...)
}

// try runs f and reports the value it panicked with (or that it returned).
func try(name string, f func()) (recovered interface{}) {
	defer func() {
		recovered = recover()
		if recovered == nil {
			say("%-22s no panic", name+":")
			return
		}
		_, isRuntime := recovered.(runtime.Error)
		say("%-22s recovered (runtime.Error %v): %v", name+":", isRuntime, recovered)
	}()
	f()
	return nil
}

type point struct {
	x, y int
}

// node has a pointer-receiver String method that reads a field: called on a
// nil *node it faults inside String, and fmt recovers and prints <nil>.
type node struct {
	label string
	next  *node
}

func (n *node) String() string { return "node(" + n.label + ")" }

// big has a field beyond the first page: the compiler cannot rely on the
// fault there (address 0+offset could be mapped), so it emits an explicit
// nil check, which still faults by loading from address 0.
type big struct {
	pad   [8192]byte
	value int
}

//go:noinline
func loadX(p *point) int { return p.x }

//go:noinline
func loadY(p *point) int { return p.y }

//go:noinline
func storeY(p *point, v int) { p.y = v }

//go:noinline
func loadFar(b *big) int { return b.value }

//go:noinline
func callIt(f func(int) int, v int) int { return f(v) }

//go:noinline
func divide(a, b int32) int32 { return a / b }

//go:noinline
func remainder(a, b int32) int32 { return a % b }

//go:noinline
func divide64(a, b int64) int64 { return a / b }

//go:noinline
func divideU(a, b uint32) uint32 { return a / b }

//go:noinline
func index(s []int, i int) int { return s[i] }

//go:noinline
func readByte(p uintptr) byte { return *(*byte)(unsafe.Add(nil, p)) }

var (
	nilPoint *point
	nilNode  *node
	nilBig   *big
	nilFunc  func(int) int
	nilMap   map[string]int
	zero32   int32
	zero64   int64
	sink     int
)

func main() {
	say("nilcheck: Go %s %s/%s", runtime.Version(), runtime.GOOS, runtime.GOARCH)

	// SIGSEGV at a small address -> runtime.sigpanic -> panicmem.
	try("nil load (offset 0)", func() { sink = loadX(nilPoint) })
	try("nil load (offset 4)", func() { sink = loadY(nilPoint) })
	try("nil store", func() { storeY(nilPoint, 1) })
	try("nil load (far field)", func() { sink = loadFar(nilBig) })
	try("nil func call", func() { sink = callIt(nilFunc, 1) })
	try("nil method value", func() { _ = nilNode.String() })

	// fmt catches the panic from String on a nil receiver and prints <nil>.
	fmt.Fprintln(report, "fmt.Println(nil *node):", nilNode)
	s := fmt.Sprint(nilNode)
	say("fmt.Sprint(nil *node) = %q", s)
	say("fmt.Sprintf(%%v of non-nil) = %v", &node{label: "a"})
	say("fmt.Sprintf(%%s, []*node{nil, n}) = %s", []*node{nil, {label: "b"}})

	// A panic in a goroutine other than main, recovered there.
	done := make(chan string)
	go func() {
		defer func() { done <- fmt.Sprint(recover()) }()
		sink = loadY(nilPoint)
	}()
	say("%-22s recovered: %s", "nil load (goroutine):", <-done)

	// With SetPanicOnFault a fault at a non-nil address panics instead of
	// crashing, and the error reports the faulting address (si_addr).
	old := debug.SetPanicOnFault(true)
	// 0x4000 is below any mapping (Linux's mmap_min_addr is 64 KiB; zkmips
	// guards the same range). Other bad addresses (unmapped or read-only
	// memory elsewhere) would be SIGSEGV on Linux but are machine faults on
	// zkmips, so they are not tested.
	const unmapped = 0x4000
	r := try("read unmapped 0x4000", func() { sink = int(readByte(unmapped)) })
	reportAddr(r, unmapped)
	say("  fault address: %#x", faultAddr(r))
	debug.SetPanicOnFault(old)

	// Checked in compiled code, no signal involved.
	try("nil map write", func() { nilMap["k"] = 1 })
	say("nil map read = %d", nilMap["k"])
	try("index out of range", func() { sink = index([]int{1, 2, 3}, 5) })
	try("slice out of range", func() { n := 7; sink = len([]int{1, 2, 3}[1:n]) })
	try("type assertion", func() { var v interface{} = "str"; sink = v.(int) })
	try("int32 divide by zero", func() { sink = int(divide(7, zero32)) })
	try("int32 mod by zero", func() { sink = int(remainder(7, zero32)) })
	try("uint32 divide by zero", func() { sink = int(divideU(7, uint32(zero32))) })
	try("int64 divide by zero", func() { sink = int(divide64(7, zero64)) })
	say("MinInt32 / -1 = %d", divide(-1<<31, -1))
	say("MinInt64 / -1 = %d", divide64(-1<<63, -1))
	try("explicit panic", func() { panic(errors.New("plain error")) })

	say("all recovered")
	digest := sha256.Sum256([]byte(out.String()))
	fmt.Printf("sha256 of report: %x\n", digest)
	if _, err := os.NewFile(3, "public").Write(digest[:]); err != nil {
		fmt.Fprintln(os.Stderr, "commit:", err)
		os.Exit(1)
	}
}

// faultAddr is the address a recovered fault carries (0 if none).
func faultAddr(r interface{}) uintptr {
	if a, ok := r.(interface{ Addr() uintptr }); ok {
		return a.Addr()
	}
	return 0
}

// reportAddr prints whether the recovered fault carries the expected address.
func reportAddr(r interface{}, want uintptr) {
	a, ok := r.(interface{ Addr() uintptr })
	if !ok {
		say("  no fault address")
		return
	}
	say("  fault address = expected: %v", a.Addr() == want)
}
