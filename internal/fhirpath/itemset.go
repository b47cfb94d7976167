package fhirpath

import (
	"hash/fnv"
	"strconv"

	"github.com/ketentest/ketentest/internal/fhir"
)

// itemSet holds items for the set functions (union, distinct, intersect,
// exclude, subsetOf, repeat) with FHIRPath '=' as equality, in about
// linear time: items are bucketed by a key that equal items share, and
// compared with '=' only within a bucket.
type itemSet struct {
	buckets map[string][]Item
}

func newItemSet(capacity int) *itemSet {
	return &itemSet{buckets: make(map[string][]Item, capacity)}
}

// setKey returns a key that items equal under '=' share. Dates and
// quantities (whose equality depends on precision, zones and units) share
// one bucket per kind.
func setKey(it Item) string {
	if it.kind == KindNode && it.node.Kind == fhir.KindComplex && !quantityTypes[it.s] {
		h := fnv.New64a()
		h.Write([]byte(it.node.Resource))
		for _, c := range it.node.Children {
			hashNode(h, c)
		}
		return "c" + strconv.FormatUint(h.Sum64(), 36)
	}
	v, ok := systemValue(it)
	if !ok {
		return "?"
	}
	switch v.kind {
	case KindBoolean:
		return "b" + strconv.FormatInt(v.num, 10)
	case KindInteger:
		return "n" + strconv.FormatInt(v.num, 10)
	case KindDecimal:
		if v.dec.IsInt() {
			return "n" + v.dec.Num().String()
		}
		return "n" + v.dec.RatString()
	case KindString:
		return "s" + v.s
	case KindQuantity:
		return "q"
	case KindDate, KindDateTime, KindTime:
		return "t"
	}
	return "?"
}

type hashWriter interface{ Write([]byte) (int, error) }

func hashNode(h hashWriter, n *fhir.Node) {
	h.Write([]byte(n.Name))
	h.Write([]byte{0, byte(n.Kind)})
	h.Write([]byte(n.Resource))
	h.Write([]byte(n.Value))
	h.Write([]byte{0})
	for _, c := range n.Children {
		hashNode(h, c)
	}
	h.Write([]byte{1})
}

// has reports whether an item equal to it is in the set.
func (s *itemSet) has(it Item) bool {
	return containsItem(s.buckets[setKey(it)], it)
}

// add adds it unless an equal item is present; it reports whether it was
// added.
func (s *itemSet) add(it Item) bool {
	k := setKey(it)
	b := s.buckets[k]
	if containsItem(b, it) {
		return false
	}
	s.buckets[k] = append(b, it)
	return true
}

func setOf(c Collection) *itemSet {
	s := newItemSet(len(c))
	for _, it := range c {
		s.add(it)
	}
	return s
}
