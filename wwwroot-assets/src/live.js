// Opens the browser's own SignalR connection to the console hub and hands every push to .NET.
// The browser sends the sign-in cookie itself, so no token is passed around.
const libraryUrl = new URL('./signalr/signalr.min.js', import.meta.url).href;
let loading;

function loadLibrary() {
  if (window.signalR) {
    return Promise.resolve(window.signalR);
  }
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = libraryUrl;
    script.async = true;
    script.onload = () => resolve(window.signalR);
    script.onerror = () => {
      loading = undefined;
      reject(new Error('The live-update library could not be loaded.'));
    };
    document.head.appendChild(script);
  });
  return loading;
}

// Back off up to 30 s and never give up: a console left open overnight must come back by itself.
const retry = {
  nextRetryDelayInMilliseconds: context => Math.min(30000, 1000 * 2 ** Math.min(context.previousRetryCount, 5)),
};

/**
 * Connects to the hub and returns a handle with stop() and setReplying(ticketId, replying).
 * The .NET object receives OnPulse(pulse), OnProfileUpdated(learnerId) for a watched learner,
 * OnTicketAssigned(ticket, reason), OnTicketChanged(change), OnDeskChanged(pulse),
 * OnTicketViewers(ticketId, viewers), and OnState('live' | 'reconnecting' | 'offline').
 * options.watchLearner: a learner id whose profile changes this page wants to hear about.
 * options.watchTicket: a ticket id this page has open; the others viewing it see this user.
 * options.desk: true when the page wants the desk's pushes (assignments, ticket changes, desk figures).
 * options.churnAlerts: true when the page wants OnChurnAlertRaised(alert) for every new churn alert.
 * options.pulses: false when the page has no use for ingestion pulses, which then never cross to .NET.
 */
export async function connect(url, dotnet, options = {}) {
  const signalR = await loadLibrary();
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(url)
    .withAutomaticReconnect(retry)
    .configureLogging(signalR.LogLevel.Warning)
    .build();

  let stopped = false;
  let attempt = 0;
  let timer;
  const report = state => {
    if (!stopped) {
      dotnet.invokeMethodAsync('OnState', state).catch(() => {});
    }
  };

  connection.on('EventsIngested', pulse => {
    if (!stopped && options.pulses !== false) {
      dotnet.invokeMethodAsync('OnPulse', pulse).catch(() => {});
    }
  });
  connection.on('ProfileUpdated', learnerId => {
    if (!stopped) {
      dotnet.invokeMethodAsync('OnProfileUpdated', learnerId).catch(() => {});
    }
  });
  // The desk's pushes reach only pages that asked for them, so other pages pay no round trip to .NET.
  if (options.desk || options.watchTicket) {
    const forward = (name, method) => connection.on(name, (...args) => {
      if (!stopped) {
        dotnet.invokeMethodAsync(method, ...args).catch(() => {});
      }
    });
    forward('TicketAssigned', 'OnTicketAssigned');
    forward('TicketChanged', 'OnTicketChanged');
    forward('DeskChanged', 'OnDeskChanged');
    forward('TicketViewers', 'OnTicketViewers');
  }
  if (options.churnAlerts) {
    connection.on('ChurnAlertRaised', alert => {
      if (!stopped) {
        dotnet.invokeMethodAsync('OnChurnAlertRaised', alert).catch(() => {});
      }
    });
  }
  // Whether this viewer is writing, so a reconnect (a new connection, unknown to the others) can say so again.
  let replying = false;
  // Group membership lives on the server connection: a reconnect is a new connection that must ask again.
  const watch = async () => {
    if (options.watchLearner) {
      await connection.invoke('WatchLearner', options.watchLearner);
    }
    if (options.watchTicket) {
      await connection.invoke('WatchTicket', options.watchTicket);
      if (replying) {
        await connection.invoke('SetReplying', options.watchTicket, true);
      }
    }
  };
  connection.onreconnecting(() => report('reconnecting'));
  connection.onreconnected(() => watch().then(() => report('live'), () => report('reconnecting')));
  // Automatic reconnect covers a dropped connection; a failed first start or an exhausted retry ends here.
  connection.onclose(() => {
    if (!stopped) {
      report('reconnecting');
      schedule();
    }
  });

  async function start() {
    try {
      await connection.start();
      await watch();
      attempt = 0;
      report('live');
    } catch {
      report(attempt === 0 ? 'offline' : 'reconnecting');
      schedule();
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(start, retry.nextRetryDelayInMilliseconds({ previousRetryCount: attempt++ }));
  }

  await start();

  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      if (options.watchTicket && connection.state === signalR.HubConnectionState.Connected) {
        await connection.invoke('UnwatchTicket', options.watchTicket).catch(() => {});
      }
      await connection.stop();
    },
    // Tells the others viewing the ticket that this user started or stopped writing; while offline it is sent on reconnect.
    setReplying: async (ticketId, value) => {
      replying = !!value;
      if (connection.state === signalR.HubConnectionState.Connected) {
        await connection.invoke('SetReplying', ticketId, replying).catch(() => {});
      }
    },
  };
}
