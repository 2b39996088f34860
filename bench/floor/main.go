// Command floor is the write floor of Keyward's benchmark, sent from a Go client-go program: for
// each of N ApiTokens of one ApiUser it does the writes the operator must do — create the token,
// create its Secret (the key, with the labels, digest annotation and owner reference Keyward
// writes) and apply the Active status — from a fixed number of concurrent writers, and times the
// run from the first create until a watch sees every token Active.
//
// With -operator it is the load generator of the operator's run instead: it only creates the tokens
// (the owner must exist) and leaves the Secret and the status to the operator, timing the run the
// same way — so the operator's figure and the floor's come from the same client. With -from F the
// tokens are numbered from F (for adding tokens to a namespace that already has F of them); the
// run is timed until those tokens are Active, whatever else the namespace holds.
//
// It prints one JSON line: {"tokens":N,"concurrency":C,"seconds":S}.
package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"hash/crc32"
	"math/big"
	"os"
	"sync"
	"sync/atomic"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/dynamic/dynamicinformer"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
)

var apiTokens = schema.GroupVersionResource{Group: "keyward.dev", Version: "v1alpha1", Resource: "apitokens"}
var apiUsers = schema.GroupVersionResource{Group: "keyward.dev", Version: "v1alpha1", Resource: "apiusers"}

const (
	owner        = "bench-owner"
	prefix       = "kwt"
	base62       = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	fieldOwner   = "keyward-bench-floor-go"
	managedBy    = "app.kubernetes.io/managed-by"
	ownerKind    = "keyward.dev/owner-kind"
	digestNote   = "keyward.dev/sha256"
	tokenDataKey = "token"
)

func main() {
	kubeconfig := flag.String("kubeconfig", os.Getenv("KUBECONFIG"), "kubeconfig of the API server")
	namespace := flag.String("namespace", "bench-floor-go", "namespace (must exist)")
	count := flag.Int("tokens", 1000, "number of tokens")
	from := flag.Int("from", 0, "number of the first token (bench-token-<from> ...)")
	concurrency := flag.Int("concurrency", 50, "concurrent writers")
	timeout := flag.Duration("timeout", 30*time.Minute, "give up after this long")
	operator := flag.Bool("operator", false, "create the tokens only; the operator writes their Secrets and statuses")
	flag.Parse()

	config, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	check(err)
	// No client-side rate limit: the floor is the API server's, not client-go's default 5 req/s.
	config.QPS = -1
	config.Burst = 0
	dyn, err := dynamic.NewForConfig(config)
	check(err)
	core, err := kubernetes.NewForConfig(config)
	check(err)
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()

	write := writeAll
	if *operator {
		write = createOnly
	} else {
		createOwner(ctx, dyn, *namespace)
	}
	active := watchActive(ctx, dyn, *namespace, *from, *count)

	start := time.Now()
	var next atomic.Int64
	next.Store(int64(*from))
	limit := *from + *count
	var wg sync.WaitGroup
	errs := make(chan error, *concurrency)
	for w := 0; w < *concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= limit {
					return
				}
				if err := write(ctx, dyn, core, *namespace, i); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		check(err)
	}
	select {
	case end := <-active:
		out, _ := json.Marshal(map[string]any{
			"tokens":      *count,
			"concurrency": *concurrency,
			"seconds":     end.Sub(start).Seconds(),
		})
		fmt.Println(string(out))
	case <-ctx.Done():
		check(fmt.Errorf("not all %d tokens Active within %s", *count, *timeout))
	}
}

func createOwner(ctx context.Context, dyn dynamic.Interface, namespace string) {
	user := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "keyward.dev/v1alpha1",
		"kind":       "ApiUser",
		"metadata":   map[string]any{"name": owner, "namespace": namespace},
		"spec": map[string]any{
			"roles":       []any{"runner"},
			"displayName": "Benchmark owner",
		},
	}}
	_, err := dyn.Resource(apiUsers).Namespace(namespace).Create(ctx, user, metav1.CreateOptions{})
	check(err)
}

// watchActive returns a channel that receives the instant an informer (list, then watch, re-watching
// when a watch ends) has seen the count tokens numbered from first Active.
func watchActive(ctx context.Context, dyn dynamic.Interface, namespace string, first, count int) <-chan time.Time {
	wanted := make(map[string]bool, count)
	for i := first; i < first+count; i++ {
		wanted[tokenName(i)] = true
	}
	factory := dynamicinformer.NewFilteredDynamicSharedInformerFactory(dyn, 0, namespace, nil)
	informer := factory.ForResource(apiTokens).Informer()
	done := make(chan time.Time, 1)
	var mu sync.Mutex
	active := map[string]bool{}
	signalled := false
	observe := func(obj any) {
		u, ok := obj.(*unstructured.Unstructured)
		if !ok {
			return
		}
		phase, _, _ := unstructured.NestedString(u.Object, "status", "phase")
		mu.Lock()
		defer mu.Unlock()
		if phase == "Active" && wanted[u.GetName()] {
			active[u.GetName()] = true
		}
		if !signalled && len(active) >= count {
			signalled = true
			done <- time.Now()
		}
	}
	_, err := informer.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    observe,
		UpdateFunc: func(_, obj any) { observe(obj) },
	})
	check(err)
	factory.Start(ctx.Done())
	if !cache.WaitForCacheSync(ctx.Done(), informer.HasSynced) {
		check(fmt.Errorf("the token informer did not sync"))
	}
	return done
}

// createOnly creates token i, as a user applying it would; the operator does the rest.
func createOnly(ctx context.Context, dyn dynamic.Interface, _ kubernetes.Interface, namespace string, i int) error {
	_, err := createToken(ctx, dyn, namespace, i)
	return err
}

func createToken(ctx context.Context, dyn dynamic.Interface, namespace string, i int) (*unstructured.Unstructured, error) {
	name := tokenName(i)
	token := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "keyward.dev/v1alpha1",
		"kind":       "ApiToken",
		"metadata":   map[string]any{"name": name, "namespace": namespace},
		"spec": map[string]any{
			"user":        owner,
			"description": fmt.Sprintf("benchmark token %d", i),
			"scopes":      []any{"runners.read", "runners.run"},
		},
	}}
	created, err := dyn.Resource(apiTokens).Namespace(namespace).Create(ctx, token, metav1.CreateOptions{})
	if err != nil {
		return nil, fmt.Errorf("create token %s: %w", name, err)
	}
	return created, nil
}

func tokenName(i int) string {
	return fmt.Sprintf("bench-token-%d", i)
}

func writeAll(ctx context.Context, dyn dynamic.Interface, core kubernetes.Interface, namespace string, i int) error {
	created, err := createToken(ctx, dyn, namespace, i)
	if err != nil {
		return err
	}
	name := created.GetName()
	key := generateKey()
	digest := sha256Hex(key)
	controller := true
	secret := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{
			Name:        name,
			Namespace:   namespace,
			Labels:      map[string]string{managedBy: "keyward", ownerKind: "ApiToken"},
			Annotations: map[string]string{digestNote: digest},
			OwnerReferences: []metav1.OwnerReference{{
				APIVersion:         "keyward.dev/v1alpha1",
				Kind:               "ApiToken",
				Name:               name,
				UID:                created.GetUID(),
				Controller:         &controller,
				BlockOwnerDeletion: &controller,
			}},
		},
		Type: corev1.SecretTypeOpaque,
		Data: map[string][]byte{tokenDataKey: []byte(key)},
	}
	if _, err := core.CoreV1().Secrets(namespace).Create(ctx, secret, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("create secret %s: %w", name, err)
	}
	now := time.Now().UTC().Truncate(time.Second).Format(time.RFC3339)
	generation := created.GetGeneration()
	condition := func(kind, reason, message string) map[string]any {
		return map[string]any{
			"type": kind, "status": "True", "reason": reason, "message": message,
			"lastTransitionTime": now, "observedGeneration": generation,
		}
	}
	status := map[string]any{
		"apiVersion": "keyward.dev/v1alpha1",
		"kind":       "ApiToken",
		"metadata":   map[string]any{"name": name, "namespace": namespace},
		"status": map[string]any{
			"id":         string(created.GetUID()),
			"secretName": name,
			"key": map[string]any{
				"algorithm": "sha256",
				"digest":    digest,
				"hint":      key[:len(prefix)+1] + "..." + key[len(key)-4:],
				"issuedAt":  now,
			},
			"phase":              "Active",
			"observedGeneration": generation,
			"conditions": []any{
				condition("OwnerFound", "OwnerFound", "owned by ApiUser"),
				condition("ScopesAllowed", "ScopesAllowed", "scopes fit"),
				condition("SecretReady", "SecretReady", "the key is stored"),
				condition("Ready", "Active", "the key verifies"),
			},
		},
	}
	body, err := json.Marshal(status)
	if err != nil {
		return err
	}
	force := true
	_, err = dyn.Resource(apiTokens).Namespace(namespace).Patch(ctx, name, types.ApplyPatchType, body,
		metav1.PatchOptions{FieldManager: fieldOwner, Force: &force}, "status")
	if err != nil {
		return fmt.Errorf("apply status %s: %w", name, err)
	}
	return nil
}

// generateKey makes a key of Keyward's format: prefix, '_', 32 random base62 digits, 6 base62
// digits of the CRC32 of what precedes them.
func generateKey() string {
	random := make([]byte, 32)
	sixtyTwo := big.NewInt(62)
	for i := range random {
		n, err := rand.Int(rand.Reader, sixtyTwo)
		check(err)
		random[i] = base62[n.Int64()]
	}
	body := prefix + "_" + string(random)
	crc := uint64(crc32.ChecksumIEEE([]byte(body)))
	checksum := make([]byte, 6)
	for i := 5; i >= 0; i-- {
		checksum[i] = base62[crc%62]
		crc /= 62
	}
	return body + string(checksum)
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}
