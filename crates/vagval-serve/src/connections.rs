//! The accept loop: each connection served by hyper's HTTP/1 with a limit
//! on how long its request headers may take (a client that sends them a
//! byte at a time is cut off), at most `MAX_CONNECTIONS` open at once and
//! `MAX_PER_ADDRESS` from one address of the room's network (loopback, the
//! facilitator's own machine, is not capped per address). A connection over
//! a cap is closed at once. axum's own `serve` has neither limit.

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;

/// Open connections at once, in all.
pub const MAX_CONNECTIONS: usize = 1024;
/// Open connections from one address (a phone needs two or three: a page,
/// its event stream, an asset).
pub const MAX_PER_ADDRESS: usize = 24;
/// How long a request's headers may take to arrive.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Default)]
pub struct Limits {
    open: Mutex<(usize, HashMap<IpAddr, usize>)>,
}

/// Holds one connection's place; gives it back when dropped.
struct Place {
    limits: Arc<Limits>,
    ip: IpAddr,
}

impl Limits {
    fn enter(self: &Arc<Self>, ip: IpAddr) -> Option<Place> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let from_ip = open.1.get(&ip).copied().unwrap_or(0);
        if open.0 >= MAX_CONNECTIONS || (!ip.is_loopback() && from_ip >= MAX_PER_ADDRESS) {
            return None;
        }
        open.0 += 1;
        *open.1.entry(ip).or_insert(0) += 1;
        Some(Place {
            limits: self.clone(),
            ip,
        })
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        let mut open = self.limits.open.lock().unwrap_or_else(|e| e.into_inner());
        open.0 = open.0.saturating_sub(1);
        if let Some(n) = open.1.get_mut(&self.ip) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                open.1.remove(&self.ip);
            }
        }
    }
}

/// Serves `router` on `listener` until the listener fails.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Arc<Limits>,
) -> std::io::Result<()> {
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            // Out of descriptors and the like: wait a moment, go on.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Some(place) = limits.enter(peer.ip()) else {
            drop(stream);
            continue;
        };
        let service = TowerToHyperService::new(
            router
                .clone()
                .layer(axum::Extension(ConnectInfo::<SocketAddr>(peer))),
        );
        tokio::spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service);
            let _ = connection.await;
            drop(place);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_over_its_cap_is_refused_until_one_of_its_connections_ends() {
        let limits = Arc::new(Limits::default());
        let phone: IpAddr = "192.168.1.20".parse().unwrap();
        let mut held: Vec<Place> = (0..MAX_PER_ADDRESS)
            .map(|_| limits.enter(phone).expect("under the cap"))
            .collect();
        assert!(limits.enter(phone).is_none());
        // Another phone, and the facilitator's machine, are not affected.
        assert!(limits.enter("192.168.1.21".parse().unwrap()).is_some());
        assert!(limits.enter(IpAddr::from([127, 0, 0, 1])).is_some());
        held.pop();
        assert!(limits.enter(phone).is_some());
    }
}
