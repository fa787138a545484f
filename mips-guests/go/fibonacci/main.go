// Command fibonacci reads n (decimal text) from the private input, default
// 30 when the input is empty, computes fib(n) mod 2^64 iteratively, prints
// it and commits the 8 bytes big-endian to the public output.
package main

import (
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

func fib(n uint64) uint64 {
	var a, b uint64 = 0, 1
	for i := uint64(0); i < n; i++ {
		a, b = b, a+b // wraps mod 2^64 by design
	}
	return a
}

func main() {
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "read input:", err)
		os.Exit(1)
	}
	n := uint64(30)
	if text := strings.TrimSpace(string(input)); text != "" {
		n, err = strconv.ParseUint(text, 10, 64)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bad n:", err)
			os.Exit(2)
		}
	}
	f := fib(n)
	fmt.Printf("fib(%d) = %d\n", n, f)

	var out [8]byte
	binary.BigEndian.PutUint64(out[:], f)
	public := os.NewFile(3, "public")
	if _, err := public.Write(out[:]); err != nil {
		fmt.Fprintln(os.Stderr, "commit:", err)
		os.Exit(1)
	}
}
