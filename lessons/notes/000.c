/* Excerpts quoted in the project owner's note 000 (shared/seeds/000_*), copied verbatim, one block per function.
 * Linux kernel code: GPL-2.0; glibc code: LGPL-2.1-or-later. SendPath shows a block in its source pane
 * for a function when no kernel tree has been imported (lessons import-source). */

/* @function __tcp_push_pending_frames
 * @note 000
 * @path net/ipv4/tcp_output.c
 * @version note states no version; same statements as 6.16; the note has an Obsidian link "[[tcp_write_xmit()]]" pasted into the tcp_write_xmit( call line (kept as written, it is not kernel code)
 * @license GPL-2.0 (Linux kernel code quoted in the project owner's notes)
 */
/* Push out any pending frames which were held back due to
 * TCP_CORK or attempt at coalescing tiny packets. * The socket must be locked by the caller. */
void __tcp_push_pending_frames(struct sock *sk, unsigned int cur_mss,
			       int nonagle)
{
	/* If we are closed, the bytes will have to remain here.
	 * In time closedown will finish, we empty the write queue and
	 * all will be happy.
	 */
	if (unlikely(sk->sk_state == TCP_CLOSE))
		return;

	if (tcp_write_xmit(sk, cur_mss, nonagle, 0, [[tcp_write_xmit()]]
			   sk_gfp_mask(sk, GFP_ATOMIC)))
		tcp_check_probe_timer(sk);
}
/* @end */

/* @function tcp_check_probe_timer
 * @note 000
 * @path include/net/tcp.h
 * @version note states no version; text predates 6.15: passes TCP_RTO_MAX as a max_when argument; 6.15/6.16 tcp_reset_xmit_timer() takes a pace_delay flag and caps with tcp_rto_max(sk)
 * @license GPL-2.0 (Linux kernel code quoted in the project owner's notes)
 */
static inline void tcp_check_probe_timer(struct sock *sk)
{
	if (!tcp_sk(sk)->packets_out && !inet_csk(sk)->icsk_pending)
		tcp_reset_xmit_timer(sk, ICSK_TIME_PROBE0,
				     tcp_probe0_base(sk), TCP_RTO_MAX);
}
/* @end */

/* @function tcp_reset_xmit_timer
 * @note 000
 * @path include/net/tcp.h
 * @version note states no version; text predates 6.15: 4-argument form with max_when; 6.15/6.16 take bool pace_delay and cap with tcp_rto_max(sk)
 * @license GPL-2.0 (Linux kernel code quoted in the project owner's notes)
 */
static inline void tcp_reset_xmit_timer(struct sock *sk,
					const int what,
					unsigned long when,
					const unsigned long max_when)
{
	inet_csk_reset_xmit_timer(sk, what, when + tcp_pacing_delay(sk),
				  max_when);
}
/* @end */

/* @function inet_csk_reset_xmit_timer
 * @note 000
 * @path include/net/inet_connection_sock.h
 * @version note states no version; text predates 6.15: stores icsk->icsk_timeout/icsk_ack.timeout and writes icsk_pending plainly; 6.17-rc3 adds jiffies once, uses smp_store_release() and the timer expiry. One line is garbled in the note ("icsk->icsk_timeout = jiffie정", kernel: jiffies + when), kept as written
 * @license GPL-2.0 (Linux kernel code quoted in the project owner's notes)
 */
/*
 *	Reset the retransmission timer
 */
static inline void inet_csk_reset_xmit_timer(struct sock *sk, const int what,
					     unsigned long when,
					     const unsigned long max_when)
{
	struct inet_connection_sock *icsk = inet_csk(sk);

	if (when > max_when) {
		pr_debug("reset_xmit_timer: sk=%p %d when=0x%lx, caller=%p\n",
			 sk, what, when, (void *)_THIS_IP_);
		when = max_when;
	}

	if (what == ICSK_TIME_RETRANS || what == ICSK_TIME_PROBE0 ||
	    what == ICSK_TIME_LOSS_PROBE || what == ICSK_TIME_REO_TIMEOUT) {
		icsk->icsk_pending = what; // 타이머 종류 설정
		icsk->icsk_timeout = jiffie정
		sk_reset_timer(sk, &icsk->icsk_retransmit_timer, icsk->icsk_timeout);
	} else if (what == ICSK_TIME_DACK) {
		icsk->icsk_ack.pending |= ICSK_ACK_TIMER;
		icsk->icsk_ack.timeout = jiffies + when;
		sk_reset_timer(sk, &icsk->icsk_delack_timer, icsk->icsk_ack.timeout);
	} else {
		pr_debug("inet_csk BUG: unknown timer value\n");
	}
}
/* @end */
