//! One streaming read, many workers: polars decodes a lazy frame in batches on its own
//! threads and hands each batch to one callback at a time; the callback only queues it on a
//! bounded channel (backpressure keeps memory bounded), and gds's worker threads, one state
//! each, do the work. The cube engine and the screening pass share this, and so can run in
//! one read of a file.

use crate::error::ComputeError;
use polars::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Worker threads: `POLARS_MAX_THREADS` if set (the one knob for both), else the cores.
pub fn worker_threads() -> usize {
    std::env::var("POLARS_MAX_THREADS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, 64)
}

/// What a stream left: each worker's state, and the time the workers were busy.
pub struct Streamed<W> {
    /// One state per worker, in no particular order.
    pub states: Vec<W>,
    /// The workers' busy time, summed.
    pub busy: Duration,
}

/// Stream `frame` in batches to [`worker_threads`] workers, each with a state made by `make`,
/// calling `work` on every batch. The first error stops the stream and is returned (a polars
/// error as `what`).
pub fn for_each_batch<W, M, F>(
    frame: LazyFrame,
    make: M,
    work: F,
    what: &str,
) -> Result<Streamed<W>, ComputeError>
where
    W: Send,
    M: Fn() -> W + Sync,
    F: Fn(&mut W, &DataFrame) -> Result<(), ComputeError> + Sync,
{
    let workers = worker_threads();
    let (tx, rx) = std::sync::mpsc::sync_channel::<DataFrame>(2 * workers);
    let rx = Mutex::new(rx);
    let busy = AtomicU64::new(0);
    let sender = Arc::new(Mutex::new(Some(tx)));
    let (make, work, rx, busy) = (&make, &work, &rx, &busy);
    let (run, results) = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(move || {
                    let mut state = make();
                    let mut failed: Option<ComputeError> = None;
                    loop {
                        let next = match rx.lock() {
                            Ok(r) => r.recv(),
                            Err(_) => break,
                        };
                        let Ok(df) = next else { break };
                        // After a failure, keep draining so the sender never blocks.
                        if failed.is_none() {
                            let t = std::time::Instant::now();
                            if let Err(e) = work(&mut state, &df) {
                                failed = Some(e);
                            }
                            busy.fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
                        }
                    }
                    (state, failed)
                })
            })
            .collect();
        let s2 = sender.clone();
        let run = frame
            .sink_batches(
                PlanCallback::new(move |df: DataFrame| {
                    let tx = s2.lock().ok().and_then(|t| t.clone());
                    // A closed channel means the workers are gone: stop the stream.
                    Ok(tx.is_none_or(|tx| tx.send(df).is_err()))
                }),
                false,
                None,
            )
            .and_then(|lf| lf.collect_with_engine(Engine::Streaming));
        // Close the channel: the workers finish their queue and stop.
        if let Ok(mut t) = sender.lock() {
            t.take();
        }
        let results: Vec<_> = handles.into_iter().map(|h| h.join()).collect();
        (run, results)
    });
    let mut states = Vec::new();
    let mut failure = None;
    for r in results {
        let (state, e) = r.map_err(|_| ComputeError::request("a worker thread failed", None))?;
        failure = failure.or(e);
        states.push(state);
    }
    run.map_err(ComputeError::polars(what.to_string()))?;
    if let Some(e) = failure {
        return Err(e);
    }
    Ok(Streamed { states, busy: Duration::from_nanos(busy.load(Ordering::Relaxed)) })
}
