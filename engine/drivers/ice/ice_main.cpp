// SPDX-License-Identifier: GPL-2.0-or-later
// Device bring-up and teardown (ice_main.c / ice_lib.c / ice_base.c, reduced to what the TX path
// needs): net_device and queue creation, TX ring allocation (ice_setup_tx_ring), the queue context
// (ice_vsi_cfg_txq -> AdminQ Add Tx LAN Queues), MSI-X vectors with NAPI, and the interrupt
// hand-off: ice_msix_clean_rings -> napi_schedule -> (softirq) ice_napi_poll -> ice_clean_tx_irq.
#include <cinttypes>

#include "drivers/ice/ice.h"
#include "net/sch_generic.h"

using namespace sp;

namespace icem
{

// Model of the NAPI core (net/core/dev.c): napi_schedule() raises NET_RX_SOFTIRQ, whose handler
// (net_rx_action -> __napi_poll) calls the driver's poll with the weight as budget; a poll that
// used its whole budget stays scheduled and is polled again.
static void napi_poll_event(ice_q_vector *qv);

static void napi_schedule(ice_q_vector *qv)
{
	napi_struct &n = qv->napi;
	SP_FN("%s", n.name.c_str());
	if (n.scheduled) {
		SP_LINE("napi_schedule:already", 1, "NAPI_STATE_SCHED already set");
		return;
	}
	n.scheduled = 1;
	SP_LINE("napi_schedule:raise", 0, "set NAPI_STATE_SCHED, raise NET_RX_SOFTIRQ");
	sim().at(sim().now_ns(), "net_rx_action: " + n.name, [qv] { napi_poll_event(qv); });
}

static bool napi_complete_done(napi_struct *n, int work_done)
{
	SP_FN("%s work_done=%d", n->name.c_str(), work_done);
	n->scheduled = 0;
	SP_RET(true);
}

static void napi_poll_event(ice_q_vector *qv)
{
	SP_EVENT("softirq:net_rx_action", qv->v_idx, "NET_RX_SOFTIRQ: poll %s (weight %d)",
		 qv->napi.name.c_str(), qv->napi.weight);
	qv->napi.polls += 1;
	int work = ice_napi_poll(qv, qv->napi.weight);
	if (work >= qv->napi.weight && qv->napi.scheduled) // budget used up: poll again
		sim().at(sim().now_ns(), "net_rx_action: " + qv->napi.name, [qv] { napi_poll_event(qv); });
}

} // namespace icem

static hw::E810 *qv_hw(ice_q_vector *qv)
{
	return qv->vsi->back->hw.get();
}

void ice_enable_interrupt(ice_q_vector *q_vector)
{
	SP_FN("vector %u", q_vector->reg_idx);
	// ice_buildreg_itr(ICE_ITR_NONE, 0) | INTENA | CLEARPBA: re-arm without changing the ITR
	u32 itr_val =
	    hw::GLINT_DYN_CTL_INTENA_M | hw::GLINT_DYN_CTL_CLEARPBA_M | (3u << hw::GLINT_DYN_CTL_ITR_INDX_S);
	q_vector->wb_on_itr = false;
	qv_hw(q_vector)->wr32(hw::GLINT_DYN_CTL(q_vector->reg_idx), itr_val);
}

static void ice_set_wb_on_itr(ice_q_vector *q_vector)
{
	SP_FN("vector %u", q_vector->reg_idx);
	if (q_vector->wb_on_itr)
		return;
	qv_hw(q_vector)->wr32(hw::GLINT_DYN_CTL(q_vector->reg_idx), (3u << hw::GLINT_DYN_CTL_ITR_INDX_S) |
									hw::GLINT_DYN_CTL_INTENA_MSK_M |
									hw::GLINT_DYN_CTL_WB_ON_ITR_M);
	q_vector->wb_on_itr = true;
}

int ice_napi_poll(ice_q_vector *q_vector, int budget)
{
	SP_FN("%s budget=%d", q_vector->napi.name.c_str(), budget);
	bool clean_complete = true;
	int work_done = 0;
	// TX cleaning is cheap: every TX ring of the vector gets the full budget.
	for (ice_tx_ring *tx_ring : q_vector->tx) {
		bool wd = ice_clean_tx_irq(tx_ring, budget);
		if (!wd)
			clean_complete = false;
	}
	if (budget <= 0)
		SP_RET(budget);
	// Model: no RX rings (the receive path is not modelled); work_done stays 0.
	if (!clean_complete) {
		SP_LINE("ice_napi_poll:repoll", budget,
			"TX clean hit ICE_DFLT_IRQ_WORK: stay in polling mode");
		ice_set_wb_on_itr(q_vector);
		SP_RET(budget);
	}
	if (icem::napi_complete_done(&q_vector->napi, work_done)) {
		SP_LINE("ice_napi_poll:complete", 0, "napi_complete_done: re-enable the interrupt");
		ice_enable_interrupt(q_vector);
	} else {
		ice_set_wb_on_itr(q_vector);
	}
	SP_RET(std::min(work_done, budget - 1));
}

void ice_msix_clean_rings(ice_q_vector *q_vector)
{
	SP_FN("%s", q_vector->name.c_str());
	if (!q_vector->tx.empty())
		icem::napi_schedule(q_vector); // napi_schedule_irqoff
}

// ---------------------------------------------------------------- probe / remove

static const net_device_ops ice_netdev_ops = [] {
	net_device_ops o;
	o.ndo_start_xmit = ice_start_xmit;
	return o;
}();

ice_pf *ice_netdev_to_pf(const net_device *dev)
{
	return netdev_priv(dev)->vsi->back;
}

ice_tx_ring *ice_tx_ring_of(const net_device *dev, unsigned q)
{
	ice_vsi *vsi = netdev_priv(dev)->vsi;
	return q < vsi->tx_rings.size() ? vsi->tx_rings[q].get() : nullptr;
}

hw::E810 *ice_hw(const net_device *dev)
{
	return ice_netdev_to_pf(dev)->hw.get();
}

// ice_setup_tx_ring + ice_vsi_cfg_txq: descriptor memory, tx_buf[], tlan context.
static void ice_setup_tx_ring(ice_pf *pf, ice_tx_ring *r)
{
	SP_FN("%s count=%u", r->name.c_str(), (unsigned)r->count);
	hw::E810 &hw = *pf->hw;
	unsigned size = ALIGN<unsigned>(r->count * (unsigned)sizeof(ice_tx_desc), PAGE_SIZE);
	r->tx_buf.resize(r->count);
	r->desc = Buf(r->count * sizeof(ice_tx_desc));
	r->desc_phys = world().phys_alloc(size, PAGE_SIZE);
	dma_alloc_coherent(r->dev, &r->desc, r->desc_phys, r->name + ".desc", &r->dma);
	r->desc.reg(r->name + ".desc", r->dma);
	r->next_to_use.reg(r->name, "next_to_use");
	r->next_to_clean.reg(r->name, "next_to_clean");
	r->count.reg(r->name, "size");
	r->free.reg(r->name, "free");
	r->stopped.reg(r->name, "stopped", Fmt::Bool);
	for (unsigned i = 0; i < r->count; i++)
		r->tx_buf[i].next_to_watch.reg(r->name + ".tx_buf[" + std::to_string(i) + "]",
					       "next_to_watch");
	r->next_to_use = 0;
	r->next_to_clean = 0;
	r->tail = hw::QTX_COMM_DBELL(r->reg_idx);
	r->free = ICE_DESC_UNUSED(r);
	SP_LINE("ice_setup_tx_ring:desc", (int64_t)r->dma,
		"%u descriptors (%u bytes) at iova 0x%" PRIx64 ", tail = BAR0+0x%08x", (unsigned)r->count,
		size, r->dma, r->tail);
	hw.add_txq(r->reg_idx, r->dma, r->count, r->q_vector->reg_idx, r->name);
}

net_device *ice_probe(const DeviceConfig &cfg)
{
	SP_FN("ring_size=%u queues=%u link=%" PRIu64 " bps itr=%u us", cfg.ring_size, cfg.queues,
	      cfg.link_bps, cfg.itr_us);
	DeviceConfig c = cfg;
	if (!c.queues)
		c.queues = 1;
	// ice_set_ringparam: clamp to [64, 8160] and round up to a multiple of 32
	unsigned rs = std::clamp(c.ring_size, ICE_MIN_NUM_DESC, ICE_MAX_NUM_DESC_E810);
	rs = ALIGN(rs, ICE_REQ_DESC_MULTIPLE);
	if (rs != c.ring_size) {
		world().warnings.push_back("ice: ring size " + std::to_string(c.ring_size) + " adjusted to " +
					   std::to_string(rs));
		SP_LINE("ice_probe:ring_size", rs, "ring size %u -> %u (64..8160, multiple of 32)",
			c.ring_size, rs);
		c.ring_size = rs;
	}

	auto *dev = new net_device;
	dev->driver = "ice";
	dev->mtu = c.mtu;
	// ice_set_netdev_features: SG, HIGHDMA, IP/IPv6 checksum, TSO/TSO6, VLAN insertion
	u32 f = NETIF_F_HIGHDMA | NETIF_F_GSO | NETIF_F_HW_VLAN_CTAG_TX;
	if (c.sg)
		f |= NETIF_F_SG;
	if (c.csum)
		f |= NETIF_F_IP_CSUM;
	// netdev_fix_features: TSO needs SG and checksum offload
	if (c.tso && c.sg && c.csum)
		f |= NETIF_F_TSO | NETIF_F_TSO6;
	dev->features = f;
	dev->hw_features =
	    NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_TSO | NETIF_F_TSO6 | NETIF_F_HW_VLAN_CTAG_TX;
	dev->gso_max_size = 65536;
	dev->gso_ipv4_max_size = 65536;
	dev->tso_max_size = ICE_MAX_TSO_SIZE;
	dev->netmem_tx = false;
	dev->netdev_ops = &ice_netdev_ops;

	auto *pf = new ice_pf;
	pf->hw = std::make_unique<hw::E810>(c);
	pf->vsi = std::make_unique<ice_vsi>();
	ice_vsi *vsi = pf->vsi.get();
	vsi->back = pf;
	vsi->netdev = dev;
	auto *np = new ice_netdev_priv;
	np->vsi = vsi;
	dev->priv = np;

	for (unsigned q = 0; q < c.queues; q++) {
		auto *txq = new netdev_queue;
		txq->dev = dev;
		txq->index = (u16)q;
		txq->name = "txq" + std::to_string(q);
		dev->tx.push_back(txq);
	}
	netdev_trace_register(dev);

	for (unsigned q = 0; q < c.queues; q++) {
		auto qv = std::make_unique<ice_q_vector>();
		qv->v_idx = qv->reg_idx = q;
		qv->vsi = vsi;
		qv->name = "ice-" + dev->name + "-TxRx-" + std::to_string(q);
		qv->napi.name = "napi" + std::to_string(q);
		qv->napi.scheduled.reg(qv->napi.name, "scheduled", Fmt::Bool);
		qv->napi.polls.reg(qv->napi.name, "polls");
		auto r = std::make_unique<ice_tx_ring>();
		r->name = "ring" + std::to_string(q);
		r->count = (u16)c.ring_size;
		r->q_index = r->reg_idx = (u16)q;
		r->netdev = dev;
		r->dev = &pf->hw->pdev;
		r->vsi = vsi;
		r->q_vector = qv.get();
		qv->tx.push_back(r.get());
		vsi->q_vectors.push_back(std::move(qv));
		vsi->tx_rings.push_back(std::move(r));
	}
	for (auto &r : vsi->tx_rings)
		ice_setup_tx_ring(pf, r.get());
	pf->hw->msix_handler = [vsi](unsigned v) {
		if (v < vsi->q_vectors.size())
			ice_msix_clean_rings(vsi->q_vectors[v].get());
	};
	for (auto &qv : vsi->q_vectors)
		ice_enable_interrupt(qv.get());
	for (auto *txq : dev->tx)
		txq->qdisc = qdisc_create_dflt(txq, c.qdisc);
	for (auto &r : vsi->tx_rings)
		ice_ring_sync(r.get());
	if (!world().dev)
		world().dev = dev;
	SP_RET(dev);
}

void ice_remove(net_device *dev)
{
	if (!dev)
		return;
	SP_FN("%s", dev->name.c_str());
	ice_netdev_priv *np = netdev_priv(dev);
	ice_pf *pf = np->vsi->back;
	for (auto &r : np->vsi->tx_rings) {
		ice_clean_tx_ring(r.get());
		pf->hw->dis_txq(r->reg_idx);
		dma_free_coherent(r->dev, r->dma);
	}
	pf->hw->msix_handler = nullptr;
	delete pf;
	delete np;
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
