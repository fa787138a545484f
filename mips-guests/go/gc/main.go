// Command gc makes the Go garbage collector do real work: it churns through
// far more short-lived memory than it keeps (GOGC at its default of 100, so
// the collector starts by itself every few MiB), forces cycles with
// runtime.GC and debug.FreeOSMemory, and checks what a working collector must
// guarantee: live data survives intact, garbage is reclaimed (the heap stays
// small while the total allocated grows), finalizers of unreachable objects
// run, and sync.Pool is emptied by two cycles. It prints only facts that do
// not depend on timing or thread scheduling, and commits a digest of them.
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
)

var out strings.Builder
var report = io.MultiWriter(os.Stdout, &out)

func say(format string, args ...interface{}) {
	fmt.Fprintf(report, format+"\n", args...)
}

const (
	MiB        = 1 << 20
	liveNodes  = 1024    // nodes in the long-lived tree
	rounds     = 16      // churn rounds
	perRound   = 500     // short-lived objects per round
	finalized  = 64      // objects with finalizers
	maxRetries = 200     // GC cycles to wait for finalizers at most
	bigBlock   = 1 << 20 // one large object per round
)

// node is a long-lived binary tree node; its payload is checked after every
// collection.
type node struct {
	left, right *node
	key         uint32
	payload     [6]uint32
}

func fill(key uint32) [6]uint32 {
	var p [6]uint32
	x := key*2654435761 + 1
	for i := range p {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		p[i] = x
	}
	return p
}

func insert(root *node, key uint32) *node {
	n := &node{key: key, payload: fill(key)}
	if root == nil {
		return n
	}
	cur := root
	for {
		if key < cur.key {
			if cur.left == nil {
				cur.left = n
				return root
			}
			cur = cur.left
		} else {
			if cur.right == nil {
				cur.right = n
				return root
			}
			cur = cur.right
		}
	}
}

// checksum walks the tree in order, verifying every payload.
func checksum(root *node) (count int, sum uint64, bad int) {
	var walk func(n *node)
	walk = func(n *node) {
		if n == nil {
			return
		}
		walk(n.left)
		count++
		if n.payload != fill(n.key) {
			bad++
		}
		sum = sum*1099511628211 ^ uint64(n.key) ^ uint64(n.payload[5])<<32
		walk(n.right)
	}
	walk(root)
	return
}

// garbage is one element of a short-lived linked list; each round also makes
// a few strings, a map of byte slices and one large block, all garbage by
// the end of the round.
type garbage struct {
	next  *garbage
	words [12]uint32
	text  string
}

var keepAlive []*garbage // two survivors per round, replaced every round

func churn(round int) uint32 {
	var head *garbage
	var h uint32 = 2166136261
	for i := 0; i < perRound; i++ {
		g := &garbage{next: head}
		for j := range g.words {
			g.words[j] = uint32(round*perRound + i + j)
		}
		if i%50 == 0 {
			g.text = fmt.Sprintf("round %d item %d", round, i)
		}
		head = g
	}
	m := make(map[int][]byte, 32)
	for i := 0; i < 32; i++ {
		m[i] = make([]byte, 256+i)
	}
	blob := make([]byte, bigBlock) // large object, allocated directly from the heap
	blob[len(blob)-1] = byte(round)
	for g := head; g != nil; g = g.next {
		h = (h ^ g.words[3]) * 16777619
		h ^= uint32(len(g.text))
	}
	h ^= uint32(len(m)) ^ uint32(blob[len(blob)-1])
	// Keep copies, not list members: a member would keep the rest of the
	// list reachable.
	keepAlive = []*garbage{{words: head.words, text: head.text}, {words: head.next.words}}
	return h
}

var finalizersRun int32

type withFinalizer struct {
	id   int
	next *withFinalizer // has pointers and is > 16 bytes: not tiny-allocated, so finalizers run
	pad  [8]uint32
}

//go:noinline
func makeFinalizable() {
	for i := 0; i < finalized; i++ {
		o := &withFinalizer{id: i}
		runtime.SetFinalizer(o, func(o *withFinalizer) {
			atomic.AddInt32(&finalizersRun, 1)
		})
	}
}

func main() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	startGC := ms.NumGC
	say("gc: Go %s, GOGC default, GOMAXPROCS>=1: %v", runtime.Version(), runtime.GOMAXPROCS(0) >= 1)

	var root *node
	key := uint32(1)
	for i := 0; i < liveNodes; i++ {
		key = key*1664525 + 1013904223
		root = insert(root, key>>8)
	}
	n0, sum0, bad0 := checksum(root)
	say("live tree: %d nodes, checksum %016x, bad %d", n0, sum0, bad0)

	// Churn without calling runtime.GC: the collector must start on its own.
	var h uint32
	for r := 0; r < rounds; r++ {
		h = h*31 ^ churn(r)
	}
	runtime.ReadMemStats(&ms)
	auto := ms.NumGC - startGC
	say("churn hash %08x", h)
	say("total allocated >= 16 MiB: %v", ms.TotalAlloc >= 16*MiB)
	// Usually 4 or 5 cycles under qemu, but fewer when the host is busy (the
	// concurrent mark phase then spans more allocation): only "at least one"
	// is deterministic. The heap check shows that memory was reclaimed.
	say("automatic gc cycles >= 1: %v", auto >= 1)
	say("heap in use < 16 MiB: %v", ms.HeapAlloc < 16*MiB)

	n1, sum1, bad1 := checksum(root)
	say("live tree after churn: %d nodes, same checksum %v, bad %d", n1, sum1 == sum0, bad1)

	// Forced collections.
	before := ms.NumGC
	for i := 0; i < 3; i++ {
		runtime.GC()
	}
	runtime.ReadMemStats(&ms)
	say("runtime.GC x3 -> cycles >= 3: %v", ms.NumGC-before >= 3)
	say("heap in use after GC < 4 MiB: %v", ms.HeapAlloc < 4*MiB)

	// Finalizers of unreachable objects run (in their own goroutine).
	makeFinalizable()
	tries := 0
	for atomic.LoadInt32(&finalizersRun) < finalized && tries < maxRetries {
		runtime.GC()
		runtime.Gosched()
		tries++
	}
	say("finalizers run: %d of %d", atomic.LoadInt32(&finalizersRun), finalized)

	// sync.Pool: the first GC moves entries to the victim cache, the second
	// drops them; afterwards Get must call New.
	fresh := 0
	pool := sync.Pool{New: func() interface{} { fresh++; return new([64]byte) }}
	for i := 0; i < 8; i++ {
		pool.Put(new([64]byte))
	}
	runtime.GC()
	runtime.GC()
	_ = pool.Get()
	say("sync.Pool empty after 2 GCs: %v", fresh == 1)

	// Drop part of the tree and return memory to the OS.
	root.left = nil
	big := make([][]byte, 2)
	for i := range big {
		big[i] = make([]byte, MiB)
		big[i][i] = byte(i)
	}
	big = nil
	debug.FreeOSMemory()
	runtime.ReadMemStats(&ms)
	say("after FreeOSMemory: heap in use < 4 MiB: %v, released > 0: %v", ms.HeapAlloc < 4*MiB, ms.HeapReleased > 0)
	n2, sum2, bad2 := checksum(root)
	say("remaining tree: %d nodes, checksum %016x, bad %d", n2, sum2, bad2)
	say("gc cycles in total >= 8: %v", ms.NumGC-startGC >= 8)

	digest := sha256.Sum256([]byte(out.String()))
	var tail [8]byte
	binary.BigEndian.PutUint64(tail[:], sum0)
	fmt.Printf("sha256 of report: %x\n", digest)
	if _, err := os.NewFile(3, "public").Write(append(digest[:], tail[:]...)); err != nil {
		fmt.Fprintln(os.Stderr, "commit:", err)
		os.Exit(1)
	}
}
