// Command bigint uses math/big: it computes n! (n from the private input,
// default 200), then Exp mod 2^127-1, QuoRem, GCD and ProbablyPrime, prints
// the results and commits sha256 of the decimal string of n!.
package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"math/big"
	"os"
	"strconv"
	"strings"
)

func main() {
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "read input:", err)
		os.Exit(1)
	}
	n := int64(200)
	if text := strings.TrimSpace(string(input)); text != "" {
		n, err = strconv.ParseInt(text, 10, 64)
		if err != nil || n < 0 || n > 5000 {
			fmt.Fprintln(os.Stderr, "bad n:", text)
			os.Exit(2)
		}
	}

	fact := new(big.Int).MulRange(1, n)
	if n == 0 {
		fact.SetInt64(1)
	}
	digits := fact.String()
	fmt.Printf("%d! has %d digits\n", n, len(digits))
	fmt.Println(digits)

	// A few more operations: modular exponentiation, division, gcd.
	p := new(big.Int).Lsh(big.NewInt(1), 127)
	p.Sub(p, big.NewInt(1)) // Mersenne prime 2^127 - 1
	x := new(big.Int).Exp(big.NewInt(3), big.NewInt(1000), p)
	fmt.Println("3^1000 mod (2^127-1) =", x.String())
	q, r := new(big.Int).QuoRem(fact, p, new(big.Int))
	fmt.Println("n! / (2^127-1) has", len(q.String()), "digits, remainder", r.String())
	g := new(big.Int).GCD(nil, nil, fact, new(big.Int).Exp(big.NewInt(6), big.NewInt(150), nil))
	fmt.Println("gcd(n!, 6^150) bits:", g.BitLen())
	fmt.Println("prime(2^127-1):", p.ProbablyPrime(0))

	sum := sha256.Sum256([]byte(digits))
	fmt.Printf("sha256(n!) = %x\n", sum)
	public := os.NewFile(3, "public")
	if _, err := public.Write(sum[:]); err != nil {
		fmt.Fprintln(os.Stderr, "commit:", err)
		os.Exit(1)
	}
}
