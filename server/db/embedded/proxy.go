package main

// FerretDB v1 executes every update, delete and findAndModify as a query followed by a
// separate write, so two concurrent "$inc" updates of one document can lose one increment,
// and two conditional updates with the same filter can both succeed. MongoDB makes each
// single-document write atomic, and our code relies on that. This proxy restores it: it
// sits between the clients and FerretDB (which listens on a private Unix socket) and lets
// only one write command per collection run at a time, holding the collection's lock from
// forwarding the command until its reply arrives. Reads pass through unlocked.

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"sync"
)

const (
	opMsg          = 2013
	flagChecksum   = 1 << 0
	flagMoreToCome = 1 << 1
	maxMessageSize = 64 << 20
)

// writeCommands are the commands FerretDB runs as read-then-write. Inserts are included
// because an upsert (query, then insert) racing with an insert must see one another.
var writeCommands = map[string]bool{
	"insert":        true,
	"update":        true,
	"delete":        true,
	"findAndModify": true,
	"findandmodify": true,
}

type namespaceLocks struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

func (n *namespaceLocks) get(ns string) *sync.Mutex {
	n.mu.Lock()
	defer n.mu.Unlock()
	l, ok := n.locks[ns]
	if !ok {
		l = &sync.Mutex{}
		n.locks[ns] = l
	}
	return l
}

type proxy struct {
	backend string // Unix socket path of FerretDB
	locks   namespaceLocks

	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	closed bool
}

func newProxy(backend string) *proxy {
	return &proxy{backend: backend, locks: namespaceLocks{locks: map[string]*sync.Mutex{}}, conns: map[net.Conn]struct{}{}}
}

// serve accepts clients until the listener is closed.
func (p *proxy) serve(l net.Listener) {
	for {
		client, err := l.Accept()
		if err != nil {
			return
		}
		go p.handle(client)
	}
}

// closeAll ends every open client and backend connection (shutdown), and any that a
// handler tracks afterwards (accepted or dialled just before the listener closed).
func (p *proxy) closeAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	for c := range p.conns {
		_ = c.Close()
	}
}

func (p *proxy) track(c net.Conn) {
	p.mu.Lock()
	p.conns[c] = struct{}{}
	closed := p.closed
	p.mu.Unlock()
	if closed {
		_ = c.Close()
	}
}

func (p *proxy) untrack(c net.Conn) {
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
	_ = c.Close()
}

func (p *proxy) handle(client net.Conn) {
	p.track(client)
	defer p.untrack(client)
	backend, err := net.Dial("unix", p.backend)
	if err != nil {
		return
	}
	p.track(backend)
	defer p.untrack(backend)

	fromClient := bufio.NewReader(client)
	fromBackend := bufio.NewReader(backend)
	for {
		request, err := readMessage(fromClient)
		if err != nil {
			return
		}
		var lock *sync.Mutex
		if ns, ok := writeNamespace(request); ok {
			lock = p.locks.get(ns)
			lock.Lock()
		}
		err = p.exchange(request, backend, fromBackend, client)
		if lock != nil {
			lock.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// exchange forwards one request and the replies to it. FerretDB v1 ignores moreToCome on a
// request (an unacknowledged, w:0 write) and answers it anyway; that answer is read here and
// dropped, because the client expects none: passed on, it would be taken as the reply to the
// client's next request on this connection. Reading it also keeps the collection locked
// until such a write is done.
func (p *proxy) exchange(request []byte, backend net.Conn, fromBackend *bufio.Reader, client net.Conn) error {
	if _, err := backend.Write(request); err != nil {
		return err
	}
	noReply := msgFlags(request)&flagMoreToCome != 0
	for {
		reply, err := readMessage(fromBackend)
		if err != nil {
			return err
		}
		if noReply {
			return nil
		}
		if _, err := client.Write(reply); err != nil {
			return err
		}
		// An exhaust reply announces more replies to the same request.
		if msgFlags(reply)&flagMoreToCome == 0 {
			return nil
		}
	}
}

// readMessage reads one whole wire-protocol message (header included).
func readMessage(r *bufio.Reader) ([]byte, error) {
	var header [4]byte
	if _, err := io.ReadFull(r, header[:]); err != nil {
		return nil, err
	}
	size := int(int32(binary.LittleEndian.Uint32(header[:])))
	if size < 16 || size > maxMessageSize {
		return nil, errors.New("bad message length")
	}
	msg := make([]byte, size)
	copy(msg, header[:])
	if _, err := io.ReadFull(r, msg[4:]); err != nil {
		return nil, err
	}
	return msg, nil
}

func msgFlags(msg []byte) uint32 {
	if len(msg) < 20 || binary.LittleEndian.Uint32(msg[12:16]) != opMsg {
		return 0
	}
	return binary.LittleEndian.Uint32(msg[16:20])
}

// writeNamespace returns "db.collection" when msg is an OP_MSG carrying a write command.
// A write whose collection or database cannot be read still gets a (shared) lock.
func writeNamespace(msg []byte) (string, bool) {
	if len(msg) < 21 || binary.LittleEndian.Uint32(msg[12:16]) != opMsg {
		return "", false
	}
	end := len(msg)
	if msgFlags(msg)&flagChecksum != 0 {
		end -= 4
	}
	for i := 20; i < end; {
		kind := msg[i]
		i++
		if i+4 > end {
			return "", false
		}
		size := int(int32(binary.LittleEndian.Uint32(msg[i : i+4])))
		if size < 4 || i+size > end {
			return "", false
		}
		if kind == 0 {
			return commandNamespace(msg[i : i+size])
		}
		i += size
	}
	return "", false
}

// commandNamespace reads the command name (the first key), its collection and "$db".
func commandNamespace(doc []byte) (string, bool) {
	var command, collection, db string
	first := true
	for i := 4; i < len(doc)-1; {
		typ := doc[i]
		key, next, ok := cstring(doc, i+1)
		if !ok {
			break
		}
		valueEnd, ok := skipValue(typ, doc, next)
		if !ok {
			break
		}
		if first {
			if !writeCommands[key] {
				return "", false
			}
			command = key
			if typ == 0x02 {
				collection, _ = bsonString(doc, next)
			}
			first = false
		} else if key == "$db" && typ == 0x02 {
			db, _ = bsonString(doc, next)
		}
		i = valueEnd
	}
	if command == "" {
		return "", false
	}
	return db + "." + collection, true
}

func cstring(b []byte, i int) (string, int, bool) {
	for j := i; j < len(b); j++ {
		if b[j] == 0 {
			return string(b[i:j]), j + 1, true
		}
	}
	return "", 0, false
}

func bsonString(b []byte, i int) (string, bool) {
	if i+4 > len(b) {
		return "", false
	}
	n := int(int32(binary.LittleEndian.Uint32(b[i : i+4])))
	if n < 1 || i+4+n > len(b) {
		return "", false
	}
	return string(b[i+4 : i+4+n-1]), true
}

// fixedSizes are the byte sizes of BSON types with a fixed-size value.
var fixedSizes = map[byte]int{0x01: 8, 0x06: 0, 0x07: 12, 0x08: 1, 0x09: 8, 0x0A: 0, 0x10: 4, 0x11: 8, 0x12: 8, 0x13: 16, 0x7F: 0, 0xFF: 0}

// skipValue returns the index just past a BSON value of type typ starting at i.
func skipValue(typ byte, b []byte, i int) (int, bool) {
	if n, ok := fixedSizes[typ]; ok {
		return i + n, i+n <= len(b)
	}
	int32At := func(at int) (int, bool) {
		if at+4 > len(b) {
			return 0, false
		}
		return int(int32(binary.LittleEndian.Uint32(b[at : at+4]))), true
	}
	switch typ {
	case 0x02, 0x0D, 0x0E: // string, JavaScript code, symbol
		n, ok := int32At(i)
		return i + 4 + n, ok && n >= 1 && i+4+n <= len(b)
	case 0x03, 0x04, 0x0F: // document, array, code with scope: the length includes itself
		n, ok := int32At(i)
		return i + n, ok && n >= 4 && i+n <= len(b)
	case 0x05: // binary: length, subtype, bytes
		n, ok := int32At(i)
		return i + 5 + n, ok && n >= 0 && i+5+n <= len(b)
	case 0x0B: // regex: two C strings
		_, next, ok := cstring(b, i)
		if !ok {
			return 0, false
		}
		_, next, ok = cstring(b, next)
		return next, ok
	case 0x0C: // DBPointer: string, then an ObjectId
		n, ok := int32At(i)
		return i + 4 + n + 12, ok && n >= 1 && i+4+n+12 <= len(b)
	}
	return 0, false
}
