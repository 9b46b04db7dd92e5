// SPDX-License-Identifier: GPL-2.0-or-later
// net/core/devmem.c + the netlink bind-tx op (net/core/netdev-genl.c), 6.16: a dma-buf bound to a
// device for TX. Its memory is described by net_iovs (one per page) that skbs point to.
#include "net/devmem.h"
#include "linux/netdevice.h"
#include "net/socket_api.h"
#include "sim/world.h"

using namespace sp;


static dma_buf *dma_buf_get(int fd)
{
	SockLayer &L = socklayer();
	if (fd < 0 || (size_t)fd >= L.fds.size() || L.fds[fd].kind != SockLayer::Fd::DmaBuf)
		return nullptr;
	return L.fds[fd].dmabuf;
}

net_devmem_dmabuf_binding *net_devmem_bind_dmabuf(net_device *dev, dma_data_direction direction,
						  dma_buf *dmabuf, std::string *extack, int *err)
{
	SP_FN("%s %s dir=%s", dev->name.c_str(), dmabuf ? dmabuf->name.c_str() : "-",
	      direction == DMA_TO_DEVICE ? "TX" : "RX");
	if (!dmabuf) {
		*err = -EBADF;
		SP_RET((net_devmem_dmabuf_binding *)nullptr);
	}
	SockLayer &L = socklayer();
	auto b = std::make_unique<net_devmem_dmabuf_binding>();
	b->id = L.next_binding_id++; // xa_alloc_cyclic from 1
	b->name = "binding#" + std::to_string(b->id);
	b->dev = dev;
	b->dmabuf = dmabuf;
	b->direction = direction;
	b->ref = 1;
	if (sim().rec())
		b->ref.reg(b->name, "ref");
	// dma_buf_attach + dma_buf_map_attachment: the exporter's sg_table (model: one range).
	if (direction == DMA_TO_DEVICE) {
		size_t n = dmabuf->size / PAGE_SIZE;
		for (size_t i = 0; i < n; i++) {
			page *niov = alloc_pages(GFP_KERNEL, 0, PageOwner::NetIov);
			niov->binding = b.get();
			niov->niov_dma = dmabuf->dma_base + i * PAGE_SIZE;
			b->tx_vec.push_back(niov);
		}
	}
	SP_LINE("net_devmem_bind_dmabuf:bound", b->id, "%s: id %u, %zu net_iovs, dma %#llx", b->name.c_str(),
		b->id, b->tx_vec.size(), (unsigned long long)dmabuf->dma_base);
	net_devmem_dmabuf_binding *r = b.get();
	L.bindings.push_back(std::move(b));
	(void)extack;
	*err = 0;
	SP_RET(r);
}

int netdev_nl_bind_tx_doit(int ifindex, int dmabuf_fd, std::string *extack)
{
	SP_FN("ifindex=%d fd=%d", ifindex, dmabuf_fd);
	if (!sim().v616()) {
		// 6.15 has no bind-tx operation: the generic netlink family rejects the command.
		SP_LINE("netdev_nl_bind_tx_doit:noop", -EOPNOTSUPP,
			"6.15: no bind-tx op in the netdev family");
		SP_RET(-EOPNOTSUPP);
	}
	net_device *dev = world().dev;
	if (!dev || dev->ifindex != ifindex) {
		SP_LINE("netdev_nl_bind_tx_doit:nodev", -ENODEV, "no device with ifindex %d: -ENODEV",
			ifindex);
		SP_RET(-ENODEV);
	}
	if (!dev->netmem_tx) {
		if (extack)
			*extack = "Driver does not support netmem TX";
		SP_LINE("netdev_nl_bind_tx_doit:netmem_tx", -EOPNOTSUPP,
			"%s (driver %s): netmem_tx=0: -EOPNOTSUPP \"Driver does not support netmem TX\"",
			dev->name.c_str(), dev->driver.c_str());
		SP_RET(-EOPNOTSUPP);
	}
	int err = 0;
	net_devmem_dmabuf_binding *b =
	    net_devmem_bind_dmabuf(dev, DMA_TO_DEVICE, dma_buf_get(dmabuf_fd), extack, &err);
	if (!b)
		SP_RET(err);
	SP_RET((int)b->id);
}

net_devmem_dmabuf_binding *net_devmem_get_binding(sock *sk, unsigned dmabuf_id, int *err)
{
	SP_FN("%s id=%u", sk->name.c_str(), dmabuf_id);
	net_devmem_dmabuf_binding *b = nullptr;
	for (auto &x : socklayer().bindings)
		if (x->id == dmabuf_id && x->ref > 0)
			b = x.get();
	if (b)
		net_devmem_dmabuf_binding_get(b); // refcount_inc_not_zero
	if (!b || b->tx_vec.empty()) {
		SP_LINE("net_devmem_get_binding:einval", -EINVAL, "%s: -EINVAL",
			!b ? "no binding with this id" : "binding is RX-only (no tx_vec)");
		*err = -EINVAL;
		goto out_err;
	}
	// The binding's dma addresses are reachable only from its own device.
	if (!sk->sk_dst_cache || !sk->sk_dst_cache->dev ||
	    sk->sk_dst_cache->dev->ifindex != b->dev->ifindex) {
		SP_LINE("net_devmem_get_binding:enodev", -ENODEV,
			"socket route %s, binding on ifindex %d: -ENODEV",
			sk->sk_dst_cache ? "uses another device" : "not cached", b->dev->ifindex);
		*err = -ENODEV;
		goto out_err;
	}
	SP_LINE("net_devmem_get_binding:ok", b->id, "%s on %s", b->name.c_str(), b->dev->name.c_str());
	*err = 0;
	SP_RET(b);
out_err:
	if (b)
		net_devmem_dmabuf_binding_put(b);
	SP_RET((net_devmem_dmabuf_binding *)nullptr);
}

void net_devmem_dmabuf_binding_get(net_devmem_dmabuf_binding *b)
{
	b->ref += 1;
}

void net_devmem_dmabuf_binding_put(net_devmem_dmabuf_binding *b)
{
	b->ref -= 1; // the netlink socket's reference keeps it alive (model: until teardown)
}

page *net_devmem_get_niov_at(net_devmem_dmabuf_binding *b, size_t addr, size_t *off, size_t *size)
{
	if (!b->dmabuf || addr >= b->dmabuf->size || addr / PAGE_SIZE >= b->tx_vec.size())
		return nullptr;
	*off = addr % PAGE_SIZE;
	*size = PAGE_SIZE - *off;
	return b->tx_vec[addr / PAGE_SIZE];
}
