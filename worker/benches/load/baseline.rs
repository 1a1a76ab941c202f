//! The baseline the pre-fill is compared with: a plain hyper 1 « hello world » server, in a
//! child process of its own, on the same kind of runtime as the worker (multi-threaded, all
//! cores), answering every request with 13 bytes. What the worker's pre-fill reaches of it,
//! measured by the same client in the same run, is what the worker's own work costs.

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::service::service_fn;
use hyper::Response;
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::io::Read;
use std::net::SocketAddr;

/// Serves « Hello, World! » on 127.0.0.1:0; prints `PORT n`; stops when stdin closes.
pub fn serve_child() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
        println!("PORT {}", listener.local_addr()?.port());
        let stdin_closed = tokio::task::spawn_blocking(|| std::io::stdin().read_to_end(&mut Vec::new()));
        tokio::pin!(stdin_closed);
        loop {
            tokio::select! {
                accepted = listener.accept() => {
                    let Ok((stream, _)) = accepted else { continue };
                    let _ = stream.set_nodelay(true);
                    tokio::spawn(async move {
                        let service = service_fn(|_req| async {
                            Ok::<_, Infallible>(Response::new(Full::new(Bytes::from_static(b"Hello, World!"))))
                        });
                        let _ = hyper::server::conn::http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
                _ = &mut stdin_closed => break,
            }
        }
        anyhow::Ok(())
    })
}
