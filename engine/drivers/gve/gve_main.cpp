// SPDX-License-Identifier: GPL-2.0-or-later
// gve_main.c / gve_tx_dqo.c ring setup, reduced to the TX path: net_device creation (with
// netmem_tx, the 6.16 capability for unreadable net_iov skbs), TX ring + completion queue
// allocation (gve_tx_alloc_ring_dqo), the device's queue creation, NAPI per queue and the MSI-X
// hand-off gve_intr_dqo -> napi_schedule -> (softirq) gve_napi_poll_dqo.
#include <cinttypes>

#include "drivers/gve/gve.h"
#include "net/devmem.h"
#include "net/sch_generic.h"

using namespace sp;

namespace
{

void napi_poll_event(gve_tx_ring *tx)
{
	SP_EVENT("softirq:net_rx_action", tx->q_num, "NET_RX_SOFTIRQ: poll %s (weight %d)",
		 tx->napi.name.c_str(), tx->napi.weight);
	tx->napi.polls += 1;
	int work = gve_napi_poll_dqo(tx, tx->napi.weight);
	if (work >= tx->napi.weight && tx->napi.scheduled)
		sim().at(sim().now_ns(), "net_rx_action: " + tx->napi.name, [tx] { napi_poll_event(tx); });
}

// gve_intr_dqo(): the MSI-X handler of a notification block schedules its NAPI.
void gve_intr_dqo(gve_tx_ring *tx)
{
	SP_FN("%s", tx->name.c_str());
	if (tx->napi.scheduled) {
		SP_LINE("napi_schedule:already", 1, "NAPI_STATE_SCHED already set");
		return;
	}
	tx->napi.scheduled = 1;
	SP_LINE("napi_schedule:raise", 0, "napi_schedule_irqoff: set NAPI_STATE_SCHED, raise NET_RX_SOFTIRQ");
	sim().at(sim().now_ns(), "net_rx_action: " + tx->napi.name, [tx] { napi_poll_event(tx); });
}

const net_device_ops gve_netdev_ops_dqo = [] {
	net_device_ops o;
	o.ndo_start_xmit = gve_tx_dqo;
	return o;
}();

// gve_tx_alloc_ring_dqo + gve_tx_start_ring: descriptor ring, completion queue, pending packets.
void gve_tx_alloc_ring_dqo(gve_priv *priv, gve_tx_ring *tx)
{
	SP_FN("%s descs=%u", tx->name.c_str(), priv->tx_desc_cnt);
	const u32 n = priv->tx_desc_cnt;
	tx->mask = n - 1;
	// Model: the completion queue has as many entries as the descriptor ring (the kernel sizes it
	// from the device's tx_comp_ring_entries).
	tx->complq_mask = n - 1;
	// Pending packets: at most one per two descriptors (a packet needs a ctx + a data descriptor),
	// limited by the 16-bit completion tag.
	u32 num_pending = std::min<u32>(n / 2, 32767);
	tx->pending_packets.assign(num_pending, gve_tx_pending_packet_dqo{});
	for (u32 i = 0; i < num_pending; i++)
		tx->pending_packets[i].next = i + 1 < num_pending ? (int)(i + 1) : -1;
	tx->free_pending_packets = 0;

	tx->desc = Buf(16ull * n);
	dma_alloc_coherent(tx->dev, &tx->desc, world().phys_alloc(16ull * n, PAGE_SIZE), tx->name + ".desc",
			   &tx->desc_bus);
	tx->desc.reg(tx->name + ".desc", tx->desc_bus);
	tx->compl_ring = Buf(8ull * n);
	dma_alloc_coherent(tx->dev, &tx->compl_ring, world().phys_alloc(8ull * n, PAGE_SIZE),
			   tx->name + ".compl", &tx->complq_bus);
	tx->compl_ring.reg(tx->name + ".compl", tx->complq_bus);
	tx->tail.reg(tx->name, "tail");
	tx->head.reg(tx->name, "head");
	tx->last_re_idx.reg(tx->name, "last_re_idx");
	tx->posted_packet_desc_cnt.reg(tx->name, "posted_packet_desc_cnt");
	tx->compl_head.reg(tx->name, "compl_head");
	tx->cur_gen_bit.reg(tx->name, "cur_gen_bit");
	tx->hw_tx_head.reg(tx->name, "hw_tx_head");
	tx->pkt_done.reg(tx->name, "pkt_done");
	tx->bytes_done.reg(tx->name, "bytes_done");
	tx->dropped_pkt.reg(tx->name, "dropped_pkt");
	tx->stop_queue.reg(tx->name, "stop_queue");
	tx->wake_queue.reg(tx->name, "wake_queue");
	tx->napi.scheduled.reg(tx->napi.name, "scheduled", Fmt::Bool);
	tx->napi.polls.reg(tx->napi.name, "polls");
	SP_LINE("gve_tx_alloc_ring_dqo:rings", (int64_t)tx->desc_bus,
		"%u descriptors at iova 0x%" PRIx64 ", completion queue at iova 0x%" PRIx64
		", %u pending packets",
		n, tx->desc_bus, tx->complq_bus, num_pending);
	priv->hw->create_tx_queue(tx->q_num, tx->desc_bus, n, tx->complq_bus, n, tx->name);
}

} // namespace

net_device *gve_probe(const DeviceConfig &cfg)
{
	SP_FN("ring_size=%u queues=%u link=%" PRIu64 " bps", cfg.ring_size, cfg.queues, cfg.link_bps);
	DeviceConfig c = cfg;
	if (!c.queues)
		c.queues = 1;
	// Model: the DQO ring size must be a power of two (mask arithmetic); round up, 64..4096.
	unsigned rs = 64;
	while (rs < c.ring_size && rs < 4096)
		rs <<= 1;
	if (rs != c.ring_size) {
		world().warnings.push_back("gve: ring size " + std::to_string(c.ring_size) + " adjusted to " +
					   std::to_string(rs));
		SP_LINE("gve_probe:ring_size", rs, "ring size %u -> %u (power of two)", c.ring_size, rs);
		c.ring_size = rs;
	}
	auto *dev = new net_device;
	dev->driver = "gve";
	dev->mtu = c.mtu;
	// gve_init_priv / gve_probe: SG, HW checksum, TSO/TSO6, HIGHDMA.
	u32 f = NETIF_F_HIGHDMA | NETIF_F_GSO;
	if (c.sg)
		f |= NETIF_F_SG;
	if (c.csum)
		f |= NETIF_F_IP_CSUM;
	if (c.tso && c.sg && c.csum)
		f |= NETIF_F_TSO | NETIF_F_TSO6;
	dev->features = f;
	dev->hw_features = NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_TSO | NETIF_F_TSO6;
	dev->gso_max_size = 65536;
	dev->gso_ipv4_max_size = 65536;
	dev->tso_max_size = 65536; // Model: GVE_DQO_TX_MAX (0x3FFFF) is larger; 64k keeps GSO sizes as usual
	// 6.16: gve sets netdev->netmem_tx = true in DQO RDA mode (gve_adminq: !gve_is_qpl()).
	dev->netmem_tx = true;
	dev->netdev_ops = &gve_netdev_ops_dqo;

	auto *priv = new gve_priv;
	priv->dev = dev;
	priv->tx_desc_cnt = c.ring_size;
	priv->hw = std::make_unique<gvem::GveHw>(c, dev);
	dev->priv = priv;
	for (unsigned q = 0; q < c.queues; q++) {
		auto *txq = new netdev_queue;
		txq->dev = dev;
		txq->index = (u16)q;
		txq->name = "txq" + std::to_string(q);
		dev->tx.push_back(txq);
	}
	netdev_trace_register(dev);
	SP_LINE("gve_probe:netmem_tx", 1, "%s: DQO RDA queue format, netmem_tx = 1", dev->name.c_str());
	for (unsigned q = 0; q < c.queues; q++) {
		auto tx = std::make_unique<gve_tx_ring>();
		tx->name = "gve-tx" + std::to_string(q);
		tx->priv = priv;
		tx->q_num = q;
		tx->db_reg = q;
		tx->netdev_txq = dev->tx[q];
		tx->dev = &priv->hw->pdev;
		tx->napi.name = "napi" + std::to_string(q);
		gve_tx_alloc_ring_dqo(priv, tx.get());
		priv->tx.push_back(std::move(tx));
	}
	priv->hw->msix_handler = [priv](unsigned q) {
		if (q < priv->tx.size())
			gve_intr_dqo(priv->tx[q].get());
	};
	for (auto *txq : dev->tx)
		txq->qdisc = qdisc_create_dflt(txq, c.qdisc);
	if (!world().dev)
		world().dev = dev;
	SP_RET(dev);
}

void gve_remove(net_device *dev)
{
	if (!dev)
		return;
	SP_FN("%s", dev->name.c_str());
	gve_priv *priv = gve_netdev_priv(dev);
	for (auto &tx : priv->tx) {
		gve_tx_free_ring_skbs_dqo(tx.get());
		priv->hw->destroy_tx_queue(tx->q_num);
		dma_free_coherent(tx->dev, tx->desc_bus);
		dma_free_coherent(tx->dev, tx->complq_bus);
		netdev_tx_reset_queue(tx->netdev_txq);
	}
	priv->hw->msix_handler = nullptr;
	delete priv;
	for (auto *txq : dev->tx) {
		qdisc_destroy(txq->qdisc); // dev_shutdown()
		txq->qdisc = nullptr;
		delete txq;
	}
	dev->tx.clear();
	if (world().dev == dev)
		world().dev = nullptr;
	delete dev;
}
