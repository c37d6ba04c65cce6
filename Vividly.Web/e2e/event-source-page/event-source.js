// The hub's plain stream read by the browser's own EventSource, nothing else: the page is
// opened as /#hub=<hub url>&access_token=<token>. Each notification is listed by seq as it
// arrives, duplicates included; the EventSource reconnects by itself, with Last-Event-ID.
const params = new URLSearchParams(location.hash.slice(1));
const url = new URL('/api/v1/notifications/stream', params.get('hub'));
url.searchParams.set('access_token', params.get('access_token'));
const state = document.getElementById('state');
const seqs = document.getElementById('seqs');
const source = new EventSource(url);

source.addEventListener('connection.established', (event) => {
  state.textContent = 'connected';
  state.dataset.instance = JSON.parse(event.data).instance_id;
  state.dataset.connections = String(Number(state.dataset.connections ?? 0) + 1);
});
source.addEventListener('notification', (event) => {
  const item = document.createElement('li');
  item.textContent = JSON.parse(event.data).title;
  item.dataset.seq = event.lastEventId;
  seqs.append(item);
});
source.onerror = () => {
  state.textContent = source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting';
};
