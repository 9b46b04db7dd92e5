// SPDX-License-Identifier: GPL-2.0-or-later
// struct sk_buff, skb_shared_info, pages and frags (include/linux/skbuff.h, include/linux/mm.h).
// The head buffer is a real byte array; head/data/tail/end are offsets into it (head == 0).
// Model simplification: skb_shared_info lives beside the head buffer, not at its end.
#pragma once
#include <memory>
#include <string>

#include "linux/types.h"
#include "sim/sim.h"

using sp::Buf;
using sp::F;

struct sock;
struct net_device;
struct ubuf_info;
struct net_devmem_dmabuf_binding;

constexpr unsigned MAX_SKB_FRAGS = 17;  // CONFIG_MAX_SKB_FRAGS default
constexpr unsigned NET_SKB_PAD = 64;    // max(32, L1_CACHE_BYTES)
constexpr unsigned ETH_HLEN = 14, ETH_ZLEN = 60, ETH_DATA_LEN = 1500, ETH_FCS_LEN = 4;
constexpr u16 ETH_P_IP = 0x0800, ETH_P_IPV6 = 0x86DD, ETH_P_8021Q = 0x8100, ETH_P_LLDP = 0x88CC;
// sizeof(struct skb_shared_info) on x86_64 with 17 frags, as SKB_DATA_ALIGN counts it in truesize.
constexpr unsigned SKB_SHINFO_SIZE = 320;
constexpr unsigned SKB_TRUESIZE_OVERHEAD = 256;  // SKB_DATA_ALIGN(sizeof(struct sk_buff))
static inline unsigned SKB_DATA_ALIGN(unsigned x) { return L1_CACHE_ALIGN(x); }
static inline unsigned SKB_TRUESIZE(unsigned x) { return x + SKB_TRUESIZE_OVERHEAD + SKB_SHINFO_SIZE; }

// ---------------------------------------------------------------- pages
// Who a page (or net_iov) belongs to: what the X-ray view colours a frag by.
enum class PageOwner : u8 {
	Kernel = 0,      // ordinary kernel allocation
	PageFrag = 1,    // the socket's page_frag (copy path)
	UserPinned = 2,  // a user page pinned by MSG_ZEROCOPY
	Spliced = 3,     // a page handed in by splice/sendfile (MSG_SPLICE_PAGES)
	NetIov = 4,      // a net_iov of a dma-buf (devmem TX): unreadable by the CPU
};
const char *page_owner_name(PageOwner o);

struct page {
	u32 id;
	std::string name;  // "page#7" / "niov#3"
	Buf mem;           // PAGE_SIZE << order bytes (empty for net_iov: not CPU readable)
	F<int> refcount;   // page_ref_count()
	PageOwner owner;
	unsigned order = 0;
	u64 phys = 0;  // host physical address (what dma_map_page translates)
	net_devmem_dmabuf_binding *binding = nullptr;  // net_iov: owning TX binding
	dma_addr_t niov_dma = 0;                       // net_iov: premapped dma-buf address
	size_t size() const { return (size_t)PAGE_SIZE << order; }
};
page *alloc_pages(gfp_t gfp, unsigned order, PageOwner owner = PageOwner::Kernel);
void get_page(page *p);
void put_page(page *p);  // frees at refcount 0

// include/linux/page_frag_cache.h / struct page_frag (sk->sk_frag)
struct page_frag {
	page *pg = nullptr;
	F<u32> offset, size;
};

// A frag's page pointer; assigning it also records the page's id and owner in the trace, so the
// X-ray view can show which page (and whose) each frag points at at any step.
class frag_page_ref {
public:
	frag_page_ref() = default;
	frag_page_ref(const frag_page_ref &o) : p_(o.p_), id_(o.id_), owner_(o.owner_) {}
	frag_page_ref &operator=(page *p);
	frag_page_ref &operator=(const frag_page_ref &o) { return *this = o.p_; }
	operator page *() const { return p_; }
	page *operator->() const { return p_; }
	void reg(const std::string &obj, const std::string &field);

private:
	page *p_ = nullptr;
	F<u32> id_;
	F<u8> owner_;  // PageOwner
};

struct skb_frag_t {
	frag_page_ref netmem;
	F<u32> offset, len;
};

// shinfo->flags (SKBFL_*)
enum : u8 {
	SKBFL_ZEROCOPY_ENABLE = 1 << 0,
	SKBFL_SHARED_FRAG = 1 << 1,
	SKBFL_PURE_ZEROCOPY = 1 << 2,
	SKBFL_DONT_ORPHAN = 1 << 3,
	SKBFL_MANAGED_FRAG_REFS = 1 << 4,
};
// gso_type (SKB_GSO_*)
enum : u32 { SKB_GSO_TCPV4 = 1 << 0, SKB_GSO_DODGY = 1 << 1, SKB_GSO_TCP_ECN = 1 << 2, SKB_GSO_TCPV6 = 1 << 4 };

struct skb_shared_info {
	F<u8> flags, nr_frags;
	F<u16> gso_size, gso_segs;
	F<u32> gso_type;
	F<int> dataref;
	F<u8> tx_flags; // SKBTX_*: timestamps requested (linux/net_tstamp.h)
	F<u32> tskey;	// the byte (TCP: sequence number) a timestamp report is keyed to
	ubuf_info *destructor_arg = nullptr;  // MSG_ZEROCOPY notification state
	skb_frag_t frags[MAX_SKB_FRAGS];
};

// The kmalloc'ed head: shared by an skb and its clones (dataref counts them).
struct skb_head {
	u32 id;
	Buf buf;
	skb_shared_info shinfo;
	u64 phys = 0;  // host physical address of buf[0]
};

// ---------------------------------------------------------------- TCP control block (skb->cb)
enum : u8 {
	TCPHDR_FIN = 0x01, TCPHDR_SYN = 0x02, TCPHDR_RST = 0x04, TCPHDR_PSH = 0x08,
	TCPHDR_ACK = 0x10, TCPHDR_URG = 0x20, TCPHDR_ECE = 0x40, TCPHDR_CWR = 0x80,
};
enum : u8 { TCPCB_SACKED_ACKED = 0x01, TCPCB_SACKED_RETRANS = 0x02, TCPCB_LOST = 0x04, TCPCB_EVER_RETRANS = 0x80 };

struct tcp_skb_cb {
	F<u32> seq, end_seq;
	F<u8> tcp_flags, sacked, eor, unreadable, txstamp_ack;
	F<u64> delivered_mstamp;  // tx.delivered_mstamp
	F<u32> delivered;         // tx.delivered
	F<u8> is_app_limited;
};

// ip_summed
enum : u8 { CHECKSUM_NONE = 0, CHECKSUM_UNNECESSARY = 1, CHECKSUM_COMPLETE = 2, CHECKSUM_PARTIAL = 3 };

// What runs when the skb is freed (skb->destructor).
enum class SkbDestructor : u8 { None = 0, sock_wfree = 1, tcp_wfree = 2, sock_rfree = 3 };

struct sk_buff {
	u32 id;
	std::string name;  // "skb#12"
	sk_buff *next = nullptr, *prev = nullptr;  // qdisc / GSO segment list
	sock *sk = nullptr;
	net_device *dev = nullptr;
	std::shared_ptr<skb_head> hd;

	F<u32> data, tail, end;  // offsets into hd->buf (head == 0)
	F<u32> len, data_len, truesize;
	F<u16> mac_header, network_header, transport_header, mac_len;
	F<u8> ip_summed;
	F<u16> csum_start, csum_offset;
	F<u32> csum;
	F<u8> cloned, unreadable, ooo_okay;
	F<u32> priority;
	F<u16> queue_mapping, protocol, vlan_tci;
	F<int> users;
	F<u64> tstamp;  // skb_mstamp_ns
	SkbDestructor destructor = SkbDestructor::None;
	u32 clone_of = 0;  // id of the skb this one was cloned from (0: original)
	tcp_skb_cb cb;     // TCP_SKB_CB(skb)
	F<u32> head_id;    // id of the skb whose head (and shinfo) this one uses: itself, or the clone's original
	// ---- appended by the IP/dev/qdisc area (engine/net/ipv4/ip_output.cpp, net/core/dev.cpp, gso)
	struct dst_entry *dst = nullptr;  // skb_dst(skb): set by __ip_queue_xmit (skb_dst_set_noref)
	// SKB_GSO_CB(skb) (include/net/gso.h): lives in skb->cb during segmentation in the kernel
	struct {
		int mac_offset = 0, encap_level = 0;
		__wsum csum = 0;
		u16 csum_start = 0;
	} gso_cb;

	u8 *head() { return const_cast<u8 *>(hd->buf.data()); }
	const u8 *head() const { return hd->buf.data(); }
	// Write bytes at an offset from head (records a byte delta in the trace).
	void write(u32 off, const void *src, u32 n) { hd->buf.write(off, src, n); }
};

static inline skb_shared_info *skb_shinfo(const sk_buff *skb) { return &skb->hd->shinfo; }
static inline tcp_skb_cb *TCP_SKB_CB(sk_buff *skb) { return &skb->cb; }
static inline unsigned skb_headlen(const sk_buff *skb) { return skb->len - skb->data_len; }
static inline unsigned skb_headroom(const sk_buff *skb) { return skb->data; }
static inline int skb_tailroom(const sk_buff *skb) { return skb->data_len ? 0 : (int)skb->end - (int)skb->tail; }
static inline unsigned skb_availroom(const sk_buff *skb) { return skb_tailroom(skb) > 0 ? skb_tailroom(skb) : 0; }
static inline bool skb_is_gso(const sk_buff *skb) { return skb_shinfo(skb)->gso_size != 0; }
static inline bool skb_is_nonlinear(const sk_buff *skb) { return skb->data_len != 0; }
static inline unsigned skb_frag_size(const skb_frag_t *f) { return f->len; }
static inline bool skb_cloned(const sk_buff *skb) { return skb->cloned && skb_shinfo(skb)->dataref != 1; }
static inline bool skb_frags_readable(const sk_buff *skb) { return !skb->unreadable; }
static inline bool skb_zcopy(const sk_buff *skb) { return skb_shinfo(skb)->flags & SKBFL_ZEROCOPY_ENABLE; }
static inline bool skb_zcopy_pure(const sk_buff *skb) { return skb_shinfo(skb)->flags & SKBFL_PURE_ZEROCOPY; }
static inline u32 skb_transport_offset(const sk_buff *skb) { return skb->transport_header - skb->data; }
static inline u32 skb_network_offset(const sk_buff *skb) { return skb->network_header - skb->data; }
static inline void skb_reset_network_header(sk_buff *skb) { skb->network_header = (u16)skb->data; }
static inline void skb_reset_transport_header(sk_buff *skb) { skb->transport_header = (u16)skb->data; }
static inline void skb_reset_mac_header(sk_buff *skb) { skb->mac_header = (u16)skb->data; }
static inline void skb_set_queue_mapping(sk_buff *skb, u16 q) { skb->queue_mapping = q; }
static inline u16 skb_get_queue_mapping(const sk_buff *skb) { return skb->queue_mapping; }

// Functions modelled in engine/net/core/skbuff.cpp (kernel names and semantics).
sk_buff *__alloc_skb(unsigned size, gfp_t gfp, int flags, int node = -1);
static inline sk_buff *alloc_skb(unsigned size, gfp_t gfp) { return __alloc_skb(size, gfp, 0); }
sk_buff *alloc_skb_fclone(unsigned size, gfp_t gfp);
void skb_reserve(sk_buff *skb, int len);
u32 skb_put(sk_buff *skb, unsigned len);   // returns the offset of the old tail
u32 skb_push(sk_buff *skb, unsigned len);  // returns the new data offset
u32 skb_pull(sk_buff *skb, unsigned len);
sk_buff *skb_clone(sk_buff *skb, gfp_t gfp);
sk_buff *skb_copy(const sk_buff *skb, gfp_t gfp);
void kfree_skb(sk_buff *skb);     // a drop
void consume_skb(sk_buff *skb);   // a normal free
void napi_consume_skb(sk_buff *skb, int budget);
void skb_orphan(sk_buff *skb);
int skb_put_padto(sk_buff *skb, unsigned len);
int __skb_linearize(sk_buff *skb);
static inline int skb_linearize(sk_buff *skb) { return skb_is_nonlinear(skb) ? __skb_linearize(skb) : 0; }
int skb_copy_bits(const sk_buff *skb, int offset, void *to, int len);
void skb_fill_page_desc(sk_buff *skb, int i, page *pg, int off, int size);
void skb_frag_ref(sk_buff *skb, int f);
int skb_unclone(sk_buff *skb); // pskb_expand_head() of a cloned skb (private head)
void skb_len_add(sk_buff *skb, int delta);
// The whole packet as bytes (linear part + frags); net_iov frags read as zeros (unreadable).
std::string skb_bytes(const sk_buff *skb);
// Give the skb's fields names in the trace ("skb#12.len", ...). Called by the allocators.
void skb_trace_register(sk_buff *skb);
