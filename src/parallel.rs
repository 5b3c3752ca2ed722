//! An ordered parallel map with a bounded number of jobs in flight.
//!
//! One thread reads jobs, `threads` threads work on them, and the calling
//! thread hands the results to a sink in the order the jobs were read.
//! The reader must take a slot before it reads a job, and the sink gives
//! the slot back once it has written that job's result, so at most
//! `in_flight` jobs and results exist at any time, however fast the
//! reader and however slow one job: memory is bounded by a few jobs,
//! never by the input's size.

use std::collections::BTreeMap;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Mutex;
use std::thread;

/// Runs `work` on every job of `jobs` and gives the results to `sink` in
/// job order. Stops early, returning the sink's error, when the sink fails
/// (the reader and workers then wind down on their own).
pub fn ordered<I, O, E>(
    jobs: impl Iterator<Item = I> + Send,
    threads: usize,
    in_flight: usize,
    work: impl Fn(I) -> O + Sync,
    mut sink: impl FnMut(O) -> Result<(), E>,
) -> Result<(), E>
where
    I: Send,
    O: Send,
{
    let in_flight = in_flight.max(1);
    let (slot_tx, slot_rx) = sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        slot_tx.send(()).expect("the receiver is alive");
    }
    let (job_tx, job_rx) = sync_channel::<(usize, I)>(in_flight);
    let job_rx = Mutex::new(job_rx);
    let (done_tx, done_rx) = sync_channel::<(usize, O)>(in_flight);
    thread::scope(|s| {
        // Owned here, so that an early return drops it: the reader, waiting
        // for a slot, then sees the channel closed and stops. (Sending a
        // job never blocks: a job needs a slot, and the job channel holds
        // as many as there are slots.)
        let slot_tx = slot_tx;
        s.spawn(move || {
            let mut jobs = jobs.enumerate();
            // The key invariant: a slot is taken before a job is read.
            while slot_rx.recv().is_ok() {
                let Some(job) = jobs.next() else { return };
                if job_tx.send(job).is_err() {
                    return;
                }
            }
        });
        for _ in 0..threads.max(1) {
            let done_tx = done_tx.clone();
            let (job_rx, work) = (&job_rx, &work);
            s.spawn(move || worker(job_rx, work, done_tx));
        }
        drop(done_tx);
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        for (seq, out) in done_rx {
            waiting.insert(seq, out);
            while let Some(out) = waiting.remove(&next) {
                sink(out)?;
                next += 1;
                // The reader may have finished: a closed slot channel is
                // no error.
                let _ = slot_tx.send(());
            }
        }
        Ok(())
    })
}

/// Takes jobs until there are none, sending each result on.
fn worker<I, O>(
    jobs: &Mutex<Receiver<(usize, I)>>,
    work: &(impl Fn(I) -> O + Sync),
    done: std::sync::mpsc::SyncSender<(usize, O)>,
) {
    loop {
        let next = jobs.lock().expect("no worker panics holding it").recv();
        let Ok((seq, job)) = next else { return };
        if done.send((seq, work(job))).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn results_come_in_job_order() {
        let mut out = Vec::new();
        let work = |n: u64| {
            // Later jobs finish first.
            thread::sleep(std::time::Duration::from_micros(200 - n));
            n * 2
        };
        ordered(0..200u64, 4, 8, work, |n| {
            out.push(n);
            Ok::<(), ()>(())
        })
        .unwrap();
        assert_eq!(out, (0..200).map(|n| n * 2).collect::<Vec<_>>());
    }

    #[test]
    fn jobs_in_flight_are_bounded() {
        let live = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        let jobs = (0..100).inspect(|_| {
            let now = live.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(now, Ordering::SeqCst);
        });
        ordered(
            jobs,
            3,
            5,
            |n| n,
            |_| {
                live.fetch_sub(1, Ordering::SeqCst);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert!(
            peak.load(Ordering::SeqCst) <= 5,
            "peak {}",
            peak.load(Ordering::SeqCst)
        );
    }

    #[test]
    fn a_failing_sink_stops_everything() {
        let mut seen = 0;
        let result = ordered(
            0..1_000_000u64,
            2,
            4,
            |n| n,
            |_| {
                seen += 1;
                if seen == 10 {
                    Err("closed")
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(result, Err("closed"));
    }
}
