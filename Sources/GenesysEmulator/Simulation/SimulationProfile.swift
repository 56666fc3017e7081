import Foundation

/// How the simulated contact centre behaves: how often customers arrive, how patient they are, how
/// long agents talk, hold and wrap up, and how often agents step away. Times are simulated time.
/// The defaults describe a moderately busy inbound centre.
public struct SimulationProfile: Sendable, Hashable {
    /// Mean arrivals an hour into each queue. Each queue gets its own rate between 60 % and 140 %
    /// of this, fixed by the seed, so queues differ the way real ones do.
    public var arrivalsPerQueuePerHour: Double
    /// Relative weight of each media type among a queue's media types (a type without a weight
    /// counts 1).
    public var mediaWeights: [String: Double]
    /// Mean time a waiting customer stays before abandoning (exponentially distributed).
    public var meanPatience: Duration
    /// Mean time connected with the agent, excluding hold.
    public var meanTalk: Duration
    /// Shortest and longest time an agent takes to answer an alert.
    public var answerDelay: ClosedRange<Duration>
    /// How long an alert rings before it times out and the agent becomes `NOT_RESPONDING`.
    public var alertTimeout: Duration
    /// Share of alerts the agent lets time out.
    public var notRespondingShare: Double
    /// How long an agent stays `NOT_RESPONDING` before the system puts them back to `IDLE`.
    public var notRespondingPenalty: Duration
    /// Share of connected interactions that are put on hold once, and the mean hold.
    public var holdShare: Double
    public var meanHold: Duration
    /// Share of connected interactions the agent transfers to another queue serving the same media.
    public var transferShare: Double
    /// Mean after-call work once the agent's leg ends.
    public var meanAfterCallWork: Duration
    /// Mean time an on-queue agent works before stepping away (break, meal, meeting, …).
    public var meanTimeBetweenAbsences: Duration
    /// Where agents go when they step away: relative weights and mean lengths.
    public var absences: [Absence]
    /// Completed interactions older than this are forgotten (aggregate queries reach no further).
    public var historyRetention: Duration

    /// A reason to leave the queue for a while.
    public struct Absence: Sendable, Hashable {
        public var presence: String
        public var weight: Double
        public var meanLength: Duration

        /// `presence` is a system presence in its REST spelling (`Break`, `Meal`, `Available`…).
        public init(presence: String, weight: Double, meanLength: Duration) {
            self.presence = presence
            self.weight = weight
            self.meanLength = meanLength
        }
    }

    public init(
        arrivalsPerQueuePerHour: Double = 60,
        mediaWeights: [String: Double] = ["voice": 6, "chat": 2, "message": 2, "email": 1, "callback": 1],
        meanPatience: Duration = .seconds(150),
        meanTalk: Duration = .seconds(240),
        answerDelay: ClosedRange<Duration> = .seconds(2) ... .seconds(7),
        alertTimeout: Duration = .seconds(8),
        notRespondingShare: Double = 0.03,
        notRespondingPenalty: Duration = .seconds(30),
        holdShare: Double = 0.2,
        meanHold: Duration = .seconds(45),
        transferShare: Double = 0.05,
        meanAfterCallWork: Duration = .seconds(40),
        meanTimeBetweenAbsences: Duration = .seconds(45 * 60),
        absences: [Absence] = [
            Absence(presence: "Break", weight: 4, meanLength: .seconds(10 * 60)),
            Absence(presence: "Meal", weight: 1, meanLength: .seconds(30 * 60)),
            Absence(presence: "Away", weight: 2, meanLength: .seconds(4 * 60)),
            Absence(presence: "Available", weight: 2, meanLength: .seconds(8 * 60)),
            Absence(presence: "Meeting", weight: 1, meanLength: .seconds(20 * 60)),
            Absence(presence: "Training", weight: 0.5, meanLength: .seconds(30 * 60)),
        ],
        historyRetention: Duration = .seconds(2 * 86_400)
    ) {
        self.arrivalsPerQueuePerHour = arrivalsPerQueuePerHour
        self.mediaWeights = mediaWeights
        self.meanPatience = meanPatience
        self.meanTalk = meanTalk
        self.answerDelay = answerDelay
        self.alertTimeout = alertTimeout
        self.notRespondingShare = notRespondingShare
        self.notRespondingPenalty = notRespondingPenalty
        self.holdShare = holdShare
        self.meanHold = meanHold
        self.transferShare = transferShare
        self.meanAfterCallWork = meanAfterCallWork
        self.meanTimeBetweenAbsences = meanTimeBetweenAbsences
        self.absences = absences
        self.historyRetention = historyRetention
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
