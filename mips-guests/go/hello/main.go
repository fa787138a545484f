// Command hello is the smallest zkmips Go guest: it reads the private
// input, reports its length on stdout and commits a fixed byte string to
// the public output (fd 3).
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "read input:", err)
		os.Exit(1)
	}
	fmt.Println("hello from zkmips")
	fmt.Printf("input length: %d\n", len(input))

	public := os.NewFile(3, "public")
	if _, err := public.Write([]byte("zkmips:hello")); err != nil {
		fmt.Fprintln(os.Stderr, "commit:", err)
		os.Exit(1)
	}
}
