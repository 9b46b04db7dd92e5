// SPDX-License-Identifier: GPL-2.0-or-later
// Device-memory TCP TX (6.16; net/core/devmem.c, devmem.h, netdev-genl.c bind-tx) and a simulated
// dma-buf. A TX binding maps a dma-buf for one device; its net_iovs (pages with owner NetIov, not
// CPU-readable) are what zerocopy_fill_skb_from_devmem() puts into skb frags.
#pragma once
#include <string>
#include <vector>

#include "linux/dma-mapping.h"
#include "linux/skbuff.h"

struct net_device;
struct sock;

// A simulated dma-buf exporter object (e.g. a GPU buffer): size bytes, page-granular.
struct dma_buf {
	int fd = -1;
	std::string name; // "dmabuf#1"
	size_t size = 0;
	u64 dma_base = 0; // device address the exporter's sg_table maps to (model: one contiguous range)
	// ---- appended by the gve area: the exporter's memory as the DEVICE sees it (filled on first
	// device access with gve_dmabuf_pattern(), engine/drivers/gve/gve.h). Never read by CPU code.
	std::vector<u8> backing;
};

struct net_devmem_dmabuf_binding {
	u32 id = 0;
	std::string name; // "binding#1"
	net_device *dev = nullptr;
	dma_buf *dmabuf = nullptr;
	dma_data_direction direction = DMA_TO_DEVICE;
	F<int> ref;		    // refcount
	std::vector<page *> tx_vec; // one net_iov per PAGE_SIZE of the dma-buf (TX bindings only)
};

// netlink "bind-tx" (netdev_nl_bind_tx_doit): binds the dma-buf fd to ifindex for TX.
// Returns the binding id (>0) or -errno; extack gets the netlink error message.
int netdev_nl_bind_tx_doit(int ifindex, int dmabuf_fd, std::string *extack);
// net_devmem_bind_dmabuf(): the core of bind-rx/bind-tx. Returns nullptr and sets *err on failure.
net_devmem_dmabuf_binding *net_devmem_bind_dmabuf(net_device *dev, dma_data_direction direction,
						  dma_buf *dmabuf, std::string *extack, int *err);
// Lookup for sendmsg with SCM_DEVMEM_DMABUF: -EINVAL (unknown id / RX binding), -ENODEV (no
// cached dst, or dst device != binding device). On error returns nullptr and sets *err.
net_devmem_dmabuf_binding *net_devmem_get_binding(sock *sk, unsigned dmabuf_id, int *err);
void net_devmem_dmabuf_binding_get(net_devmem_dmabuf_binding *b);
void net_devmem_dmabuf_binding_put(net_devmem_dmabuf_binding *b);
page *net_devmem_get_niov_at(net_devmem_dmabuf_binding *b, size_t addr, size_t *off, size_t *size);
// dma address of a net_iov frag (what skb_frag_dma_map returns for unreadable frags).
static inline dma_addr_t net_iov_dma_addr(const page *niov)
{
	return niov->niov_dma;
}
