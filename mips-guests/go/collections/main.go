// Command collections exercises sort, maps, strconv and encoding/json: it
// parses a JSON array of players from the private input (or a built-in
// document when the input is empty), ranks them, counts tags in a map,
// prints a report and commits the compact JSON summary.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
)

type player struct {
	Name  string   `json:"name"`
	Score int      `json:"score"`
	Tags  []string `json:"tags"`
}

type summary struct {
	Ranking   []string       `json:"ranking"`
	TagCounts map[string]int `json:"tagCounts"`
	Total     int            `json:"total"`
	Best      player         `json:"best"`
	Checksum  string         `json:"checksum"`
}

const builtin = `[
 {"name": "mallory", "score": 42, "tags": ["red", "fast"]},
 {"name": "alice",   "score": 97, "tags": ["blue"]},
 {"name": "bob",     "score": 42, "tags": ["red", "slow", "blue"]},
 {"name": "carol",   "score": 65, "tags": []},
 {"name": "dave",    "score": -3, "tags": ["fast"]}
]`

func main() {
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "read input:", err)
		os.Exit(1)
	}
	if len(bytes.TrimSpace(input)) == 0 {
		input = []byte(builtin)
	}
	var players []player
	if err := json.Unmarshal(input, &players); err != nil {
		fmt.Fprintln(os.Stderr, "parse:", err)
		os.Exit(2)
	}
	if len(players) == 0 {
		fmt.Fprintln(os.Stderr, "no players")
		os.Exit(2)
	}

	// Rank: score descending, then name ascending (stable and total).
	sort.Slice(players, func(i, j int) bool {
		if players[i].Score != players[j].Score {
			return players[i].Score > players[j].Score
		}
		return players[i].Name < players[j].Name
	})

	s := summary{TagCounts: map[string]int{}, Best: players[0]}
	var checksum uint32 = 2166136261 // FNV-1a offset basis
	for i, p := range players {
		s.Ranking = append(s.Ranking, strconv.Itoa(i+1)+"."+p.Name)
		s.Total += p.Score
		for _, t := range p.Tags {
			s.TagCounts[t]++
		}
		for _, c := range []byte(p.Name + ":" + strconv.Itoa(p.Score)) {
			checksum ^= uint32(c)
			checksum *= 16777619 // FNV-1a prime
		}
	}
	s.Checksum = strconv.FormatUint(uint64(checksum), 16)

	tags := make([]string, 0, len(s.TagCounts))
	for t := range s.TagCounts {
		tags = append(tags, t)
	}
	sort.Strings(tags)

	fmt.Println("ranking:", strings.Join(s.Ranking, " "))
	for _, t := range tags {
		fmt.Printf("tag %-5s x%s\n", t, strconv.Itoa(s.TagCounts[t]))
	}
	fmt.Println("total score:", strconv.Itoa(s.Total))

	pretty, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		fmt.Fprintln(os.Stderr, "marshal:", err)
		os.Exit(1)
	}
	fmt.Println(string(pretty))

	compact, err := json.Marshal(s) // map keys are sorted by encoding/json
	if err != nil {
		fmt.Fprintln(os.Stderr, "marshal:", err)
		os.Exit(1)
	}
	public := os.NewFile(3, "public")
	if _, err := public.Write(compact); err != nil {
		fmt.Fprintln(os.Stderr, "commit:", err)
		os.Exit(1)
	}
}
