// SPDX-License-Identifier: GPL-2.0-or-later
// net/core/stream.c: waiting for a connection or for send-buffer space, write-space wake-ups.
#include <algorithm>

#include "net/socket_api.h"
#include "net/tcp.h"
#include "sim/world.h"

using namespace sp;

bool sk_stream_memory_free(const sock *sk)
{
	if (sk->sk_wmem_queued >= sk->sk_sndbuf)
		return false;
	return tcp_stream_memory_free(sk, 0);
}

static bool __sk_stream_memory_free(const sock *sk, int wake)
{
	if (sk->sk_wmem_queued >= sk->sk_sndbuf)
		return false;
	return tcp_stream_memory_free(sk, wake);
}

// Writeable when free space >= half of what is queued (sk_stream_wspace >= sk_stream_min_wspace).
bool __sk_stream_is_writeable(const sock *sk, int wake)
{
	int wspace = sk->sk_sndbuf - sk->sk_wmem_queued;
	int min_wspace = sk->sk_wmem_queued >> 1;
	return wspace >= min_wspace && __sk_stream_memory_free(sk, wake);
}

void sk_stream_write_space(sock *sk)
{
	SP_FN("%s wmem_queued=%d sndbuf=%d", sk->name.c_str(), (int)sk->sk_wmem_queued, (int)sk->sk_sndbuf);
	socket_file *sock = sock_of(sk);
	bool w = __sk_stream_is_writeable(sk, 1);
	SP_LINE("sk_stream_write_space:writeable", w,
		"sndbuf %d - queued %d = %d free %s queued/2 = %d -> %s", (int)sk->sk_sndbuf,
		(int)sk->sk_wmem_queued, (int)(sk->sk_sndbuf - sk->sk_wmem_queued), w ? ">=" : "<",
		(int)(sk->sk_wmem_queued >> 1), w ? "wake writers" : "not yet");
	if (w && sock) {
		sk->sk_socket_flags &= ~SOCK_NOSPACE;
		sock->write_wakeups++;
		wake_up_interruptible_poll(sock, EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND);
	}
}

void sk_stream_moderate_sndbuf(sock *sk)
{
	if (!(sk->sk_userlocks & SOCK_SNDBUF_LOCK)) {
		int v = std::min<int>(sk->sk_sndbuf, sk->sk_wmem_queued >> 1);
		sk->sk_sndbuf = std::max<int>(v, SOCK_MIN_SNDBUF);
	}
}

static bool connect_done(sock *sk)
{
	return sk->sk_err ||
	       !(TCPF_STATE(sk->sk_state) & ~(TCPF_STATE(TCP_ESTABLISHED) | TCPF_STATE(TCP_CLOSE_WAIT)));
}

static int sock_intr_errno(long timeo)
{
	return timeo == MAX_SCHEDULE_TIMEOUT ? -ERESTARTSYS : -EINTR;
}

int sk_stream_wait_connect(sock *sk, long *timeo_p)
{
	SP_FN("%s state=%s timeo=%ld", sk->name.c_str(), tcp_state_name(sk->sk_state), *timeo_p);
	for (;;) {
		if (sk->sk_err) {
			int e = -(int)sk->sk_err;
			sk->sk_err = 0; // sock_error() consumes it
			SP_LINE("sk_stream_wait_connect:err", e, "sk_err set: %s", errno_name(-e));
			SP_RET(e);
		}
		if (TCPF_STATE(sk->sk_state) & ~(TCPF_STATE(TCP_SYN_SENT) | TCPF_STATE(TCP_SYN_RECV))) {
			SP_LINE("sk_stream_wait_connect:epipe", -EPIPE, "state %s is not connecting: -EPIPE",
				tcp_state_name(sk->sk_state));
			SP_RET(-EPIPE);
		}
		if (!*timeo_p) {
			SP_LINE("sk_stream_wait_connect:nonblock", -EAGAIN,
				"still %s and no timeout left: -EAGAIN", tcp_state_name(sk->sk_state));
			SP_RET(-EAGAIN);
		}
		int r = sk_wait_event(sk, timeo_p, "sk_stream_wait_connect", connect_done);
		if (r < 0)
			SP_RET(sock_intr_errno(*timeo_p));
		if (r > 0 && !sk->sk_err)
			break;
	}
	SP_RET(0);
}

static bool memory_wait_done(sock *sk)
{
	// Woken by sk_stream_write_space (write_wakeups) or an error/shutdown; re-check as the
	// kernel does after the wake-up.
	return sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN) ||
	       (sk_stream_memory_free(sk) && __sk_stream_is_writeable(sk, 1));
}

int sk_stream_wait_memory(sock *sk, long *timeo_p)
{
	SP_FN("%s wmem_queued=%d sndbuf=%d timeo=%ld", sk->name.c_str(), (int)sk->sk_wmem_queued,
	      (int)sk->sk_sndbuf, *timeo_p);
	int err = 0;
	long vm_wait = 0;
	long current_timeo = *timeo_p;
	if (sk_stream_memory_free(sk)) {
		// Space exists but an allocation failed (memory pressure): back off 2..201 jiffies.
		current_timeo = vm_wait = (long)(sim().rng.u32() % (HZ / 5)) + 2;
		SP_LINE("sk_stream_wait_memory:vm_wait", vm_wait,
			"buffer not full but allocation failed: wait %ld jiffies", vm_wait);
	}
	for (;;) {
		if (sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN)) {
			SP_LINE("sk_stream_wait_memory:error", -EPIPE, "sk_err=%d shutdown=%#x: -EPIPE",
				(int)sk->sk_err, (unsigned)sk->sk_shutdown);
			err = -EPIPE;
			break;
		}
		if (!*timeo_p) {
			// Make sure EPOLLOUT can be generated later: tcp_check_space() only calls
			// tcp_new_space() when SOCK_NOSPACE is set.
			sk->sk_socket_flags |= SOCK_NOSPACE;
			SP_LINE("sk_stream_wait_memory:eagain", -EAGAIN,
				"non-blocking (timeo 0): SOCK_NOSPACE, -EAGAIN");
			err = -EAGAIN;
			break;
		}
		if (sk_stream_memory_free(sk) && !vm_wait) {
			SP_LINE("sk_stream_wait_memory:free", sk->sk_wmem_queued,
				"wmem_queued %d < sndbuf %d: space", (int)sk->sk_wmem_queued,
				(int)sk->sk_sndbuf);
			break;
		}
		sk->sk_socket_flags |= SOCK_NOSPACE;
		int r;
		if (vm_wait) {
			// Sleep for the back-off only (the condition is already true).
			long t = current_timeo;
			u64 until = sim().now_ns() + Sim::jiffies_to_ns((u64)t);
			SP_LINE("sk_wait_event:sleep", t, "memory pressure back-off %ld jiffies", t);
			sim().run(until);
			current_timeo = 0;
			r = 1;
		} else {
			r = sk_wait_event(sk, &current_timeo, "sk_stream_wait_memory", memory_wait_done);
		}
		if (r < 0) {
			err = sock_intr_errno(*timeo_p);
			break;
		}
		if (vm_wait) {
			vm_wait -= current_timeo;
			current_timeo = *timeo_p;
			if (current_timeo != MAX_SCHEDULE_TIMEOUT && (current_timeo -= vm_wait) < 0)
				current_timeo = 0;
			vm_wait = 0;
		}
		*timeo_p = current_timeo;
	}
	SP_RET(err);
}

int sk_stream_error(sock *sk, int flags, int err)
{
	SP_FN("%s err=%d", sk->name.c_str(), err);
	if (err == -EPIPE) {
		int e = sk->sk_err;
		if (e) {
			sk->sk_err = 0;
			err = -e;
		}
	}
	if (err == -EPIPE && !(flags & MSG_NOSIGNAL)) {
		world().warnings.push_back("SIGPIPE delivered to the process (send on " + sk->name +
					   " after shutdown/error without MSG_NOSIGNAL)");
		SP_LINE("sk_stream_error:sigpipe", err, "-EPIPE without MSG_NOSIGNAL: send_sig(SIGPIPE)");
	}
	SP_RET(err);
}
