export { aadhaarRecognizer } from './aadhaar.js';
export { gstinRecognizer } from './gstin.js';
export { ifscRecognizer } from './ifsc.js';
export { panRecognizer } from './pan.js';
export { inPassportRecognizer } from './passport.js';
export { UPI_HANDLES, upiRecognizer } from './upi.js';
export { inVehicleRegistrationRecognizer } from './vehicle.js';
export { inVoterIdRecognizer } from './voter-id.js';
