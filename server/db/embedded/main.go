// Command ferretdb-embedded runs FerretDB v1 with its SQLite backend as a small
// MongoDB-compatible server for development and tests. The Node server starts it
// as a child process when MONGODB_URI is unset.
//
// Clients reach FerretDB through a small proxy (proxy.go) that makes single-document
// writes atomic, as they are on MongoDB; FerretDB itself listens on a private Unix socket.
//
// It prints one JSON line {"ready":true,"uri":"mongodb://…"} on stdout once it
// accepts connections, and exits on SIGTERM/SIGINT, when its stdin closes, or when
// its parent dies, so no orphan outlives the Node process.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
	"golang.org/x/sys/unix"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on (port 0 picks a free port)")
	dataDir := flag.String("data", "data", "directory for the SQLite database files")
	logLevel := flag.String("log-level", "error", "log level: debug, info, warn, error")
	watchStdin := flag.Bool("watch-stdin", true, "exit when stdin reaches EOF (the parent went away)")
	flag.Parse()

	// Ask the kernel to signal us when the parent process dies, even by SIGKILL.
	_ = unix.Prctl(unix.PR_SET_PDEATHSIG, uintptr(syscall.SIGTERM), 0, 0, 0)
	ppid := os.Getppid()

	if err := run(*listen, *dataDir, *logLevel, *watchStdin, ppid); err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb-embedded:", err)
		os.Exit(1)
	}
}

func run(listen, dataDir, logLevel string, watchStdin bool, ppid int) error {
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return err
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("bad -log-level: %w", err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	// The socket lives in a fresh private directory: only this process connects to it.
	sockDir, err := os.MkdirTemp("", "ferretdb-embedded-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(sockDir)
	socket := filepath.Join(sockDir, "ferretdb.sock")

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{Unix: socket},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
	})
	if err != nil {
		return err
	}

	front, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	defer front.Close()

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	// The parent may have died between fork and prctl.
	if os.Getppid() != ppid {
		return nil
	}

	if watchStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = f.Run(ctx)
	}()

	// MongoDBURI waits until FerretDB listens on its socket.
	_ = f.MongoDBURI()
	p := newProxy(socket)
	go p.serve(front)
	go func() {
		<-ctx.Done()
		_ = front.Close()
		p.closeAll()
	}()

	uri := fmt.Sprintf("mongodb://%s/", front.Addr().String())
	line, _ := json.Marshal(map[string]any{"ready": true, "uri": uri, "pid": os.Getpid()})
	fmt.Println(string(line))

	<-done
	return nil
}
