// The network meeting the meeting tests schedule (Kolding, 4 March 2027); each test adds its
// audience and inspirers.
export const koldingMeeting = {
  title: 'Netværksmøde: politiske paradokser',
  agenda: ['Velkomst', 'Oplæg ved inspirator', 'Status på mini-eksperimenter'],
  startsAt: '2027-03-04T13:00',
  endsAt: '2027-03-04T16:00',
  place: 'Kolding Rådhus, Akseltorv 1, 6000 Kolding',
  hostMunicipality: 'Kolding',
};
