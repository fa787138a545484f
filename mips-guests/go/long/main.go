// Command long is a deliberately long-running deterministic guest (tens of
// millions of MIPS instructions) for segmenting/continuation tests: a sieve
// of Eratosthenes, a 32-bit mixing loop over the primes found, and a
// sha256 chain. The private input may hold a decimal sieve limit.
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

const (
	defaultLimit = 500000
	mixRounds    = 8
	hashChain    = 1000
)

func sieve(limit int) []uint32 {
	composite := make([]bool, limit+1)
	var primes []uint32
	for i := 2; i <= limit; i++ {
		if composite[i] {
			continue
		}
		primes = append(primes, uint32(i))
		if i > limit/i {
			continue // i*i > limit (and would overflow a 32-bit int)
		}
		for j := i * i; j <= limit; j += i {
			composite[j] = true
		}
	}
	return primes
}

// mix folds the primes into a 32-bit state, mixRounds times, using only
// 32-bit integer operations (multiply, rotate, xor).
func mix(primes []uint32) uint32 {
	h := uint32(0x9e3779b9)
	for r := 0; r < mixRounds; r++ {
		for _, p := range primes {
			h ^= p + uint32(r)
			h *= 0x85ebca6b
			h = h<<13 | h>>19
			h += 0xc2b2ae35
		}
	}
	return h
}

func main() {
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "read input:", err)
		os.Exit(1)
	}
	limit := defaultLimit
	if text := strings.TrimSpace(string(input)); text != "" {
		limit, err = strconv.Atoi(text)
		if err != nil || limit < 2 || limit > 1<<24 {
			fmt.Fprintln(os.Stderr, "bad limit:", text)
			os.Exit(2)
		}
	}

	primes := sieve(limit)
	var sum uint64
	for _, p := range primes {
		sum += uint64(p)
	}
	fmt.Printf("primes <= %d: %d (largest %d, sum %d)\n", limit, len(primes), primes[len(primes)-1], sum)

	h := mix(primes)
	fmt.Printf("mix: %08x\n", h)

	var state [32]byte
	binary.BigEndian.PutUint32(state[:4], h)
	binary.BigEndian.PutUint64(state[4:12], sum)
	for i := 0; i < hashChain; i++ {
		state = sha256.Sum256(state[:])
	}
	fmt.Printf("sha256 chain x%d: %x\n", hashChain, state)

	public := os.NewFile(3, "public")
	if _, err := public.Write(state[:]); err != nil {
		fmt.Fprintln(os.Stderr, "commit:", err)
		os.Exit(1)
	}
}
