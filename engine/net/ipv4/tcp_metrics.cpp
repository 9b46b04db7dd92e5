// SPDX-License-Identifier: GPL-2.0-or-later
// net/ipv4/tcp_metrics.c: per-destination metrics seeding a new connection.
// Model: no metrics cache (the state packetdrill's defaults.sh sets up by flushing tcp_metrics), so
// only the part of tcp_init_metrics() that runs without a cached entry is modelled.
#include "net/ipv4/tcp_priv.h"
#include "sim/world.h"

using namespace sp;

// tcp_init_metrics(): called from tcp_init_transfer() when the handshake completes. The RTT sample
// taken on the handshake (SYN-ACK acked on the active side, tcp_synack_rtt_meas() on the passive
// side) stays; only when there was none (SYN/SYN-ACK retransmitted, syncookies) is the RTO pushed
// back to the conservative 3 s of RFC 6298 5.7.
void tcp_init_metrics(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	tcp_sock *tp = tcp_sk(sk);
	// ssthresh may have been lowered during the handshake: back to "infinite".
	tp->snd_ssthresh = TCP_INFINITE_SSTHRESH;
	// Model: crtt (the cached RTT) is always 0 here, so the "crtt > srtt_us" branch never runs.
	if (tp->srtt_us == 0) {
		SP_LINE(
		    "tcp_init_metrics:fallback", TCP_TIMEOUT_FALLBACK,
		    "srtt_us=0: no RTT sample from the handshake -> rto = TCP_TIMEOUT_FALLBACK (%u jiffies)",
		    (unsigned)TCP_TIMEOUT_FALLBACK);
		tp->rttvar_us = (u32)jiffies_to_usecs(TCP_TIMEOUT_FALLBACK);
		tp->mdev_us = tp->rttvar_us;
		tp->mdev_max_us = tp->rttvar_us;
		inet_csk(sk)->icsk_rto = TCP_TIMEOUT_FALLBACK;
	} else {
		SP_LINE("tcp_init_metrics:keep", inet_csk(sk)->icsk_rto,
			"srtt=%u us from the handshake: keep the estimator, rto stays %u jiffies",
			(unsigned)(tp->srtt_us >> 3), (unsigned)inet_csk(sk)->icsk_rto);
	}
}
