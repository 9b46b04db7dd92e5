// SPDX-License-Identifier: GPL-2.0-or-later
// net/core/skbuff.c: allocation, clone, free, linearize, and pages (mm/page_alloc.c).
#include <algorithm>
#include <cstring>

#include "linux/errqueue.h"
#include "linux/skbuff.h"
#include "net/sock.h"
#include "sim/world.h"

using namespace sp;

const char *page_owner_name(PageOwner o)
{
	switch (o) {
	case PageOwner::Kernel:
		return "kernel";
	case PageOwner::PageFrag:
		return "page_frag";
	case PageOwner::UserPinned:
		return "user_pinned";
	case PageOwner::Spliced:
		return "spliced";
	case PageOwner::NetIov:
		return "net_iov";
	}
	return "?";
}

// ---------------------------------------------------------------- pages
page *alloc_pages(gfp_t gfp, unsigned order, PageOwner owner)
{
	auto *p = new page;
	p->id = sim().serial("page");
	p->name = (owner == PageOwner::NetIov ? "niov#" : "page#") + std::to_string(p->id);
	p->owner = owner;
	p->order = order;
	if (owner != PageOwner::NetIov) {
		p->mem = Buf(p->size());
		p->phys = world().phys_alloc(p->size(), PAGE_SIZE);
		p->mem.reg(p->name);
	}
	p->refcount = 1;
	p->refcount.reg(p->name, "refcount");
	return p;
}

void get_page(page *p)
{
	p->refcount += 1;
}

void put_page(page *p)
{
	p->refcount -= 1;
	if (p->refcount == 0 && p->owner != PageOwner::UserPinned && p->owner != PageOwner::NetIov)
		delete p; // user pages and net_iovs outlive the skb (the process / dma-buf own them)
}

frag_page_ref &frag_page_ref::operator=(page *p)
{
	p_ = p;
	id_ = p ? p->id : 0;
	owner_ = p ? (u8)p->owner : 0;
	return *this;
}

void frag_page_ref::reg(const std::string &obj, const std::string &field)
{
	id_.reg(obj, field + ".page");
	owner_.reg(obj, field + ".owner");
}

// ---------------------------------------------------------------- registration
void skb_trace_register(sk_buff *skb)
{
	if (!sim().rec())
		return;
	const std::string &n = skb->name;
	skb->data.reg(n, "data");
	skb->tail.reg(n, "tail");
	skb->end.reg(n, "end");
	skb->len.reg(n, "len");
	skb->data_len.reg(n, "data_len");
	skb->truesize.reg(n, "truesize");
	skb->mac_header.reg(n, "mac_header");
	skb->network_header.reg(n, "network_header");
	skb->transport_header.reg(n, "transport_header");
	skb->ip_summed.reg(n, "ip_summed");
	skb->csum_start.reg(n, "csum_start");
	skb->csum_offset.reg(n, "csum_offset");
	skb->cloned.reg(n, "cloned", Fmt::Bool);
	skb->unreadable.reg(n, "unreadable", Fmt::Bool);
	skb->priority.reg(n, "priority");
	skb->queue_mapping.reg(n, "queue_mapping");
	skb->users.reg(n, "users");
	skb->tstamp.reg(n, "tstamp");
	skb->cb.seq.reg(n, "cb.seq", Fmt::Seq);
	skb->cb.end_seq.reg(n, "cb.end_seq", Fmt::Seq);
	skb->cb.tcp_flags.reg(n, "cb.tcp_flags", Fmt::Hex);
	skb->cb.sacked.reg(n, "cb.sacked", Fmt::Hex);
	skb->cb.eor.reg(n, "cb.eor", Fmt::Bool);
	skb->head_id.reg(n, "head_id");
}

static void shinfo_trace_register(skb_head *hd, const std::string &n)
{
	if (!sim().rec())
		return;
	auto &sh = hd->shinfo;
	sh.flags.reg(n, "shinfo.flags", Fmt::Hex);
	sh.nr_frags.reg(n, "shinfo.nr_frags");
	sh.gso_size.reg(n, "shinfo.gso_size");
	sh.gso_segs.reg(n, "shinfo.gso_segs");
	sh.gso_type.reg(n, "shinfo.gso_type", Fmt::Hex);
	sh.dataref.reg(n, "shinfo.dataref");
	sh.tx_flags.reg(n, "shinfo.tx_flags", Fmt::Hex);
	sh.tskey.reg(n, "shinfo.tskey");
	for (unsigned i = 0; i < MAX_SKB_FRAGS; i++) {
		std::string f = "shinfo.frags[" + std::to_string(i) + "]";
		sh.frags[i].offset.reg(n, f + ".offset");
		sh.frags[i].len.reg(n, f + ".len");
		sh.frags[i].netmem.reg(n, f);
	}
}

// kmalloc size classes (mm/slab_common.c kmalloc_info[]); above 8 KiB: whole pages, power of 2.
static unsigned kmalloc_size_roundup(unsigned size)
{
	static const unsigned cls[] = {8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192};
	for (unsigned c : cls)
		if (size <= c)
			return c;
	unsigned p = PAGE_SIZE;
	while (p < size)
		p <<= 1;
	return p;
}

static sk_buff *new_skb_struct()
{
	auto *skb = new sk_buff;
	skb->id = sim().serial("skb");
	skb->name = "skb#" + std::to_string(skb->id);
	return skb;
}

// __alloc_skb(): the head holds `size` bytes rounded up to the kmalloc bucket that also fits
// skb_shared_info; whatever the bucket leaves over becomes usable tailroom (SKB_WITH_OVERHEAD).
sk_buff *__alloc_skb(unsigned size, gfp_t gfp, int flags, int node)
{
	SP_FN("size=%u", size);
	unsigned shinfo = SKB_DATA_ALIGN(SKB_SHINFO_SIZE);
	unsigned osize = kmalloc_size_roundup(SKB_DATA_ALIGN(size) + shinfo);
	unsigned usable = osize - shinfo;
	sk_buff *skb = new_skb_struct();
	skb->hd = std::make_shared<skb_head>();
	skb->hd->id = skb->id;
	skb->hd->buf = Buf(usable);
	skb->hd->phys = world().phys_alloc(osize, 64);
	skb->hd->buf.reg(skb->name + ".head", 0);
	skb_trace_register(skb);
	skb->head_id = skb->id;
	shinfo_trace_register(skb->hd.get(), skb->name);
	skb->truesize = SKB_TRUESIZE(usable);
	skb->end = usable;
	skb->users = 1;
	skb->hd->shinfo.dataref = 1;
	skb->mac_header = 0xffff;
	skb->transport_header = 0xffff;
	skb->network_header = 0xffff;
	SP_LINE("__alloc_skb:kmalloc_reserve", osize, "kmalloc bucket %u bytes: %u usable + %u shinfo", osize,
		usable, shinfo);
	SP_RET(skb);
}

sk_buff *alloc_skb_fclone(unsigned size, gfp_t gfp)
{
	// Model: fclone pairs are not modelled separately; the clone allocates its own sk_buff.
	return __alloc_skb(size, gfp, 1);
}

void skb_reserve(sk_buff *skb, int len)
{
	skb->data += len;
	skb->tail += len;
}

u32 skb_put(sk_buff *skb, unsigned len)
{
	u32 tmp = skb->tail;
	skb->tail += len;
	skb->len += len;
	if (skb->tail > skb->end) {
		sim().stopped = true;
		sim().stop_reason = "skb_over_panic in " + skb->name;
	}
	return tmp;
}

u32 skb_push(sk_buff *skb, unsigned len)
{
	if (len > skb->data) {
		sim().stopped = true;
		sim().stop_reason = "skb_under_panic in " + skb->name;
		return skb->data;
	}
	skb->data -= len;
	skb->len += len;
	return skb->data;
}

u32 skb_pull(sk_buff *skb, unsigned len)
{
	if (len > skb->len - skb->data_len)
		return skb->data;
	skb->len -= len;
	skb->data += len;
	return skb->data;
}

void skb_len_add(sk_buff *skb, int delta)
{
	skb->len += delta;
	skb->data_len += delta;
	skb->truesize += delta;
}

static void copy_header_fields(sk_buff *n, const sk_buff *o)
{
	n->sk = o->sk;
	n->dev = o->dev;
	n->data = o->data;
	n->tail = o->tail;
	n->end = o->end;
	n->len = o->len;
	n->data_len = o->data_len;
	n->mac_header = o->mac_header;
	n->network_header = o->network_header;
	n->transport_header = o->transport_header;
	n->mac_len = o->mac_len;
	n->ip_summed = o->ip_summed;
	n->csum_start = o->csum_start;
	n->csum_offset = o->csum_offset;
	n->csum = o->csum;
	n->priority = o->priority;
	n->queue_mapping = o->queue_mapping;
	n->protocol = o->protocol;
	n->unreadable = o->unreadable;
	n->tstamp = o->tstamp;
	n->cb.seq = o->cb.seq;
	n->cb.end_seq = o->cb.end_seq;
	n->cb.tcp_flags = o->cb.tcp_flags;
	n->cb.sacked = o->cb.sacked;
	n->cb.eor = o->cb.eor;
}

// skb_clone(): a new sk_buff sharing the head and frags; both become "cloned".
sk_buff *skb_clone(sk_buff *skb, gfp_t gfp)
{
	SP_FN("%s", skb->name.c_str());
	sk_buff *n = new_skb_struct();
	n->hd = skb->hd;
	n->clone_of = skb->id;
	skb_trace_register(n);
	n->head_id = n->hd->id;
	copy_header_fields(n, skb);
	n->truesize = skb->truesize;
	n->users = 1;
	n->destructor = SkbDestructor::None;
	n->sk = nullptr; // __skb_clone: C(sk) is copied, but skb_set_owner_w sets it again
	n->sk = skb->sk;
	skb->cloned = 1;
	n->cloned = 1;
	skb_shinfo(skb)->dataref += 1;
	SP_LINE("skb_clone:dataref", skb_shinfo(skb)->dataref, "%s shares %s's head: dataref=%d",
		n->name.c_str(), skb->name.c_str(), (int)skb_shinfo(skb)->dataref);
	SP_RET(n);
}

// skb_copy(): private head with the whole packet linear.
sk_buff *skb_copy(const sk_buff *skb, gfp_t gfp)
{
	unsigned headroom = skb_headroom(skb);
	sk_buff *n = __alloc_skb(headroom + skb->len, gfp, 0);
	skb_reserve(n, headroom);
	std::string bytes = skb_bytes(skb);
	n->write(n->data, bytes.data(), (u32)bytes.size());
	skb_put(n, skb->len);
	// Copy the headroom too (headers already pushed before data stay valid).
	n->write(0, skb->head(), headroom);
	u32 off = n->data - skb->data;
	copy_header_fields(n, skb);
	n->data = skb->data + off;
	n->tail = n->data + n->len;
	n->end = (u32)n->hd->buf.size();
	n->data_len = 0;
	n->len = skb->len;
	skb_shinfo(n)->gso_size = skb_shinfo(skb)->gso_size;
	skb_shinfo(n)->gso_segs = skb_shinfo(skb)->gso_segs;
	skb_shinfo(n)->gso_type = skb_shinfo(skb)->gso_type;
	skb_shinfo(n)->tx_flags = skb_shinfo(skb)->tx_flags;
	skb_shinfo(n)->tskey = skb_shinfo(skb)->tskey;
	return n;
}

std::string skb_bytes(const sk_buff *skb)
{
	std::string out((const char *)skb->head() + skb->data, skb_headlen(skb));
	const skb_shared_info *sh = skb_shinfo(skb);
	for (unsigned i = 0; i < sh->nr_frags; i++) {
		const skb_frag_t &f = sh->frags[i];
		if (f.netmem && f.netmem->owner != PageOwner::NetIov)
			out.append((const char *)f.netmem->mem.data() + f.offset, f.len);
		else
			out.append(f.len, '\0');
	}
	return out;
}

int skb_copy_bits(const sk_buff *skb, int offset, void *to, int len)
{
	if (offset < 0 || len < 0 || (unsigned)(offset + len) > skb->len)
		return -EFAULT;
	std::string b = skb_bytes(skb);
	std::memcpy(to, b.data() + offset, len);
	return 0;
}

void skb_fill_page_desc(sk_buff *skb, int i, page *pg, int off, int size)
{
	skb_frag_t &f = skb_shinfo(skb)->frags[i];
	f.netmem = pg;
	f.offset = off;
	f.len = size;
	skb_shinfo(skb)->nr_frags = (u8)(i + 1);
}

void skb_frag_ref(sk_buff *skb, int f)
{
	get_page(skb_shinfo(skb)->frags[f].netmem);
}

// skb_unclone_keeptruesize(): give a cloned skb a private head before modifying it.
// Model: copies the head bytes and takes page references on the frags and the zerocopy uarg
// (pskb_expand_head). Used by TCP (tcp_output.cpp) and skb_copy_ubufs().
int skb_unclone(sk_buff *skb)
{
	if (!skb_cloned(skb))
		return 0;
	SP_LINE("skb_unclone:private_head", skb_shinfo(skb)->dataref, "%s head shared (dataref=%d): copy it",
		skb->name.c_str(), (int)skb_shinfo(skb)->dataref);
	auto old = skb->hd;
	auto nh = std::make_shared<skb_head>();
	nh->id = sim().serial("skb_head");
	nh->buf = Buf(old->buf.size());
	nh->buf.reg(skb->name + ".head'" + std::to_string(nh->id));
	nh->buf.write(0, old->buf.data(), old->buf.size());
	nh->phys = world().phys_alloc(old->buf.size() + SKB_SHINFO_SIZE, 64);
	auto &o = old->shinfo;
	auto &n = nh->shinfo;
	n.flags = o.flags;
	n.nr_frags = o.nr_frags;
	n.gso_size = o.gso_size;
	n.gso_segs = o.gso_segs;
	n.gso_type = o.gso_type;
	n.dataref = 1;
	n.tx_flags = o.tx_flags;
	n.tskey = o.tskey;
	n.destructor_arg = o.destructor_arg;
	// pskb_expand_head(): the new head holds its own reference on the zerocopy notification.
	if (n.destructor_arg)
		net_zcopy_get(n.destructor_arg);
	for (unsigned i = 0; i < o.nr_frags; i++) {
		n.frags[i].netmem = o.frags[i].netmem;
		n.frags[i].offset = o.frags[i].offset;
		n.frags[i].len = o.frags[i].len;
		if (n.frags[i].netmem)
			get_page(n.frags[i].netmem);
	}
	o.dataref -= 1;
	skb->hd = nh;
	skb->cloned = 0;
	return 0;
}

// ---------------------------------------------------------------- freeing
void skb_zcopy_clear(sk_buff *skb, bool zerocopy_success); // net/core/skbuff_zerocopy.cpp
void sock_wfree(sk_buff *skb);				   // net/core/sock.cpp
void tcp_wfree(sk_buff *skb);				   // net/ipv4/tcp_output.cpp

static void skb_release_head_state(sk_buff *skb)
{
	switch (skb->destructor) {
	case SkbDestructor::None:
		break;
	case SkbDestructor::sock_wfree:
		sock_wfree(skb);
		break;
	case SkbDestructor::tcp_wfree:
		tcp_wfree(skb);
		break;
	case SkbDestructor::sock_rfree:
		break;
	}
	skb->destructor = SkbDestructor::None;
}

static void skb_release_data(sk_buff *skb)
{
	skb_shared_info *sh = skb_shinfo(skb);
	sh->dataref -= 1;
	if (sh->dataref > 0)
		return;
	if (sh->destructor_arg)
		skb_zcopy_clear(skb, true);
	for (unsigned i = 0; i < sh->nr_frags; i++)
		if (sh->frags[i].netmem)
			put_page(sh->frags[i].netmem);
}

static void __kfree_skb(sk_buff *skb)
{
	skb_release_head_state(skb);
	skb_release_data(skb);
	delete skb;
}

void kfree_skb(sk_buff *skb)
{
	if (!skb)
		return;
	SP_FN("%s", skb->name.c_str());
	skb->users -= 1;
	if (skb->users == 0)
		__kfree_skb(skb);
}

void consume_skb(sk_buff *skb)
{
	if (!skb)
		return;
	SP_FN("%s", skb->name.c_str());
	skb->users -= 1;
	if (skb->users == 0)
		__kfree_skb(skb);
}

void napi_consume_skb(sk_buff *skb, int budget)
{
	if (!skb)
		return;
	SP_FN("%s budget=%d", skb->name.c_str(), budget);
	skb->users -= 1;
	if (skb->users == 0)
		__kfree_skb(skb);
}

void skb_orphan(sk_buff *skb)
{
	skb_release_head_state(skb);
	skb->sk = nullptr;
}

// skb_put_padto(): pad a short frame with zeros up to len (include/linux/skbuff.h).
int skb_put_padto(sk_buff *skb, unsigned len)
{
	if (skb->len >= len)
		return 0;
	unsigned pad = len - skb->len;
	if (skb_is_nonlinear(skb) || (unsigned)skb_tailroom(skb) < pad) {
		if (__skb_linearize(skb))
			return -ENOMEM;
	}
	if ((unsigned)skb_tailroom(skb) < pad)
		skb->hd->buf.resize(skb->tail + pad), skb->end = skb->tail + pad;
	skb->hd->buf.fill(skb->tail, 0, pad);
	skb_put(skb, pad);
	return 0;
}

// __skb_linearize(): pull every frag into a private, large-enough linear head.
int __skb_linearize(sk_buff *skb)
{
	SP_FN("%s len=%u nr_frags=%u", skb->name.c_str(), (unsigned)skb->len,
	      (unsigned)skb_shinfo(skb)->nr_frags);
	std::string bytes = skb_bytes(skb);
	unsigned headroom = skb_headroom(skb);
	auto old = skb->hd;
	auto hd = std::make_shared<skb_head>();
	hd->id = skb->id;
	unsigned need = headroom + skb->len;
	hd->buf = Buf(need);
	hd->phys = world().phys_alloc(need, 64);
	hd->buf.reg(skb->name + ".head", 0); // a new head of the same name
	hd->buf.write(0, old->buf.data(), headroom);
	hd->buf.write(headroom, bytes.data(), (u32)bytes.size());
	shinfo_trace_register(hd.get(), skb->name);
	hd->shinfo.dataref = 1;
	hd->shinfo.gso_size = old->shinfo.gso_size;
	hd->shinfo.gso_segs = old->shinfo.gso_segs;
	hd->shinfo.gso_type = old->shinfo.gso_type;
	hd->shinfo.tx_flags = old->shinfo.tx_flags;
	hd->shinfo.tskey = old->shinfo.tskey;
	hd->shinfo.flags =
	    old->shinfo.flags & ~(SKBFL_ZEROCOPY_ENABLE | SKBFL_SHARED_FRAG | SKBFL_PURE_ZEROCOPY);
	skb_release_data(skb); // drops our reference on the old head and its frags
	skb->hd = hd;
	skb->truesize += need - (skb->end - 0);
	skb->end = need;
	skb->tail = need;
	skb->data_len = 0;
	skb->cloned = 0;
	SP_LINE("__skb_linearize:done", skb->len, "linear head now holds all %u bytes", (unsigned)skb->len);
	SP_RET(0);
}
