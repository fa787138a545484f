// timers: goroutines, a WaitGroup, channels, select, time.Sleep, time.After and a
// ticker. On zkmips the clock is virtual, so sleeping costs no real time.
package main

import (
	"crypto/sha256"
	"fmt"
	"os"
	"sync"
	"time"
)

func main() {
	var wg sync.WaitGroup
	sums := make([]int, 8)
	for i := range sums {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for j := 0; j < 1000*i; j++ {
				sums[i] += j
			}
		}(i)
	}
	wg.Wait()
	fmt.Println("sums:", sums)

	results := make(chan string, 4)
	go func() {
		time.Sleep(20 * time.Millisecond)
		results <- "sleeper"
	}()
	select {
	case r := <-results:
		fmt.Println("received from", r)
	case <-time.After(5 * time.Second):
		fmt.Println("timed out")
	}

	ticker := time.NewTicker(5 * time.Millisecond)
	ticks := 0
	for range ticker.C {
		ticks++
		if ticks == 3 {
			break
		}
	}
	ticker.Stop()
	fmt.Println("ticks:", ticks)

	start := time.Now()
	time.Sleep(50 * time.Millisecond)
	fmt.Println("slept at least 50ms:", time.Since(start) >= 50*time.Millisecond)

	digest := sha256.Sum256([]byte(fmt.Sprint(sums, ticks)))
	os.NewFile(3, "public").Write(digest[:])
}
