using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>
    /// The batch on several cores: this thread reads lines into chunks, one worker thread per core evaluates
    /// whole chunks (each with its own request reader and policy cache, so no locks on the hot path), and a writer
    /// thread writes the chunks' output in input order. Output, order and counts are exactly the sequential
    /// batch's. Lines held while a read waits for input are handed out after a millisecond, and the writer flushes
    /// whenever it has caught up, so an interactive line is answered without waiting for the next one.
    /// </summary>
    /// <remarks>
    /// Each wait is a Monitor wait on the one thing it waits for (work, the oldest chunk, room to read ahead), and
    /// is woken only by that: spinning waits, and waking every thread on every event, cost the workers a core's
    /// worth of time on a 2-core machine.
    /// </remarks>
    /// <typeparam name="T">char (a TextReader's lines) or byte (a stream's UTF-8 lines, decoded by the workers).</typeparam>
    internal sealed class ParallelEvaluationBatch<T>
        where T : unmanaged, IEquatable<T>
    {
        private const int LinesPerChunk = 256;
        private const int CharsPerChunk = 1 << 18;

        /// <summary>How often the pause timer looks, and how long a read must have waited for it to hand out held lines.</summary>
        private const int PauseCheck = 1;
        private static readonly long PauseTicks = Stopwatch.Frequency / 1000;

        private readonly EvaluationLineWorker[] workers;
        private readonly byte[] newLine;
        private readonly Action<EvaluationChunk<T>> write;
        private readonly Action flush;

        // Chunks in input order, for the writer; at most `window` of them, so reading stays a bounded distance ahead.
        private readonly Queue<EvaluationChunk<T>> ordered = new Queue<EvaluationChunk<T>>();

        // The same chunks, for the workers.
        private readonly Queue<EvaluationChunk<T>> pending = new Queue<EvaluationChunk<T>>();
        private readonly Stack<EvaluationChunk<T>> free = new Stack<EvaluationChunk<T>>();
        private readonly int window;

        // Guards the chunk being filled by the reading thread and what the pause timer needs to hand it out while a
        // read waits (the reading thread leaves the chunk alone while it is in a read).
        private readonly object readGate = new object();
        private EvaluationChunk<T> held = null!;
        private bool inRead;
        private bool heldTaken;
        private long readStarted;

        private bool inputDone;
        private Exception? failure;
        private Exception? readFailure;
        private long requests;
        private long allowed;
        private long errors;

        /// <param name="write">Writes a chunk's output bytes (UTF-8 lines, each ending in <paramref name="newLine"/>).</param>
        /// <param name="flush">Pushes what was written to the reader of the output.</param>
        public ParallelEvaluationBatch(EvaluationLineWorker[] workers, byte[] newLine, Action<EvaluationChunk<T>> write, Action flush)
        {
            this.workers = workers;
            this.newLine = newLine;
            this.write = write;
            this.flush = flush;
            window = 3 * workers.Length;
        }

        /// <param name="lines">The input's lines; its read hooks are the batch's.</param>
        public BatchSummary Run(LineReader<T> lines)
        {
            var threads = new Task[workers.Length];
            for (int i = 0; i < workers.Length; i++)
            {
                EvaluationLineWorker worker = workers[i];
                threads[i] = Task.Factory.StartNew(() => Work(worker), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }

            Task writing = Task.Factory.StartNew(WriteInOrder, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

            // Reading has a thread of its own, so that a failed output ends the batch at once even while a read waits
            // for input (the one-thread batch fails at its next write). That thread then ends at its read's return.
            Task reading = Task.Factory.StartNew(() => ReadAll(lines), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            writing.Wait();
            Task.WaitAll(threads);
            if (failure is not null)
            {
                ExceptionDispatchInfo.Capture(failure).Throw();
            }

            reading.Wait(); // done: the writer ends only after the reader has handed out its last chunk
            if (readFailure is not null)
            {
                ExceptionDispatchInfo.Capture(readFailure).Throw();
            }

            return new BatchSummary(requests, allowed, requests - allowed - errors, errors);
        }

        private void ReadAll(LineReader<T> lines)
        {
            long lineNumber = 0;
            held = Rent();
            lines.ReadStarting = _ =>
            {
                lock (readGate)
                {
                    inRead = true;
                    readStarted = Stopwatch.GetTimestamp();
                }
            };
            lines.ReadEnded = () =>
            {
                lock (readGate)
                {
                    inRead = false;
                    if (heldTaken)
                    {
                        held = Rent();
                        heldTaken = false;
                    }
                }
            };

            using var pauses = new Timer(HandOutWhilePaused, null, PauseCheck, PauseCheck);
            try
            {
                while (lines.TryReadLine(out ReadOnlySpan<T> line))
                {
                    lineNumber++;
                    if (EvaluationBatchProcessor.IsBlank(line))
                    {
                        continue;
                    }

                    requests++;
                    held.Add(line, lineNumber);
                    if (held.Count >= LinesPerChunk || held.TextLength >= CharsPerChunk)
                    {
                        Dispatch(held);
                        held = Rent();
                    }
                }

                if (held.Count > 0)
                {
                    Dispatch(held);
                }
            }
            catch (OperationCanceledException) when (Volatile.Read(ref failure) is not null)
            {
                // The writer failed (or a worker did, and the writer reached its chunk); Run throws that.
            }
            catch (Exception unreadable)
            {
                // The lines read before the failure are still evaluated and written, as on one thread.
                readFailure = unreadable;
                if (held.Count > 0 && Volatile.Read(ref failure) is null)
                {
                    try
                    {
                        Dispatch(held);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            }
            finally
            {
                lock (pending)
                {
                    inputDone = true;
                    Monitor.PulseAll(pending);
                }

                lock (ordered)
                {
                    Monitor.PulseAll(ordered);
                }
            }
        }

        /// <summary>
        /// The timer's check: when a read has waited for input a while (a terminal, a paused producer), the lines
        /// held are handed out, so they are answered without waiting for more. A file or a busy pipe returns its
        /// reads at once, so its chunks are cut by size alone.
        /// </summary>
        private void HandOutWhilePaused(object? state)
        {
            lock (readGate)
            {
                if (!inRead || heldTaken || held.Count == 0 || Stopwatch.GetTimestamp() - readStarted < PauseTicks)
                {
                    return;
                }

                heldTaken = true; // the reading thread takes a new chunk when its read returns
                try
                {
                    Dispatch(held);
                }
                catch (OperationCanceledException)
                {
                    // A worker or the writer failed; Run throws that.
                }
            }
        }

        private EvaluationChunk<T> Rent()
        {
            lock (free)
            {
                return free.Count > 0 ? free.Pop() : new EvaluationChunk<T>();
            }
        }

        private void Dispatch(EvaluationChunk<T> chunk)
        {
            lock (ordered)
            {
                if (ordered.Count >= window)
                {
                    // Full: wait until the writer has drained half, not for each chunk, so this thread wakes rarely.
                    while (ordered.Count > window / 2 && Volatile.Read(ref failure) is null)
                    {
                        Monitor.Wait(ordered);
                    }
                }

                if (Volatile.Read(ref failure) is not null)
                {
                    throw new OperationCanceledException();
                }

                ordered.Enqueue(chunk);
                if (ordered.Count == 1)
                {
                    Monitor.Pulse(ordered); // the writer may be waiting for a chunk to exist
                }
            }

            lock (pending)
            {
                pending.Enqueue(chunk);
                Monitor.Pulse(pending);
            }
        }

        private void Work(EvaluationLineWorker worker)
        {
            while (true)
            {
                EvaluationChunk<T> chunk;
                lock (pending)
                {
                    while (pending.Count == 0 && !inputDone && Volatile.Read(ref failure) is null)
                    {
                        Monitor.Wait(pending);
                    }

                    if (pending.Count == 0 || Volatile.Read(ref failure) is not null)
                    {
                        return;
                    }

                    chunk = pending.Dequeue();
                }

                try
                {
                    for (int i = 0; i < chunk.Count; i++)
                    {
                        PolicyDecision? decision = typeof(T) == typeof(char)
                            ? worker.Evaluate(((char[])(object)chunk.Text).AsSpan(chunk.Start(i), chunk.Length(i)), chunk.LineNumber(i), chunk.Output)
                            : worker.Evaluate((byte[])(object)chunk.Text, chunk.Start(i), chunk.Length(i), chunk.LineNumber(i), chunk.Output);
                        chunk.Output.Write(newLine);
                        if (decision is null)
                        {
                            chunk.Errors++;
                        }
                        else if (decision == PolicyDecision.Allowed)
                        {
                            chunk.Allowed++;
                        }
                    }
                }
                catch (Exception unexpected)
                {
                    chunk.Failure = unexpected;
                }

                lock (chunk)
                {
                    chunk.IsDone = true;
                    Monitor.Pulse(chunk); // the writer, if it waits for this chunk
                }
            }
        }

        private void WriteInOrder()
        {
            try
            {
                while (true)
                {
                    EvaluationChunk<T> chunk;
                    lock (ordered)
                    {
                        while (ordered.Count == 0 && !inputDone)
                        {
                            Monitor.Wait(ordered);
                        }

                        if (ordered.Count == 0)
                        {
                            break;
                        }

                        chunk = ordered.Peek();
                    }

                    lock (chunk)
                    {
                        while (!chunk.IsDone)
                        {
                            Monitor.Wait(chunk);
                        }
                    }

                    bool caughtUp;
                    lock (ordered)
                    {
                        ordered.Dequeue();
                        if (ordered.Count == window / 2)
                        {
                            Monitor.Pulse(ordered); // the reader, if it waits for room
                        }

                        caughtUp = ordered.Count == 0 || !ordered.Peek().IsDone;
                    }

                    if (chunk.Failure is not null)
                    {
                        Fail(chunk.Failure);
                        break;
                    }

                    write(chunk);
                    allowed += chunk.Allowed;
                    errors += chunk.Errors;
                    if (caughtUp)
                    {
                        flush(); // whoever reads the output sees every line answered so far
                    }

                    chunk.Clear();
                    lock (free)
                    {
                        free.Push(chunk);
                    }
                }

                flush(); // the lines written so far, also when a worker failed
            }
            catch (Exception writing)
            {
                Fail(writing);
            }
        }

        private void Fail(Exception exception)
        {
            Interlocked.CompareExchange(ref failure, exception, null);
            lock (ordered)
            {
                Monitor.PulseAll(ordered);
            }

            lock (pending)
            {
                Monitor.PulseAll(pending);
            }
        }
    }
}
